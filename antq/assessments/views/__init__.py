"""Pages of the assessment cycle, split by sub-domain (cycle, review, results)."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def run_service(request, service, success: str = "", **kwargs):
    """Call a workflow service as the signed-in user; invalid data becomes a
    message (nothing is written). A refused right (403) and a move the state
    does not allow (409) go on to the one place that answers them
    (`core.middleware.RefusalMiddleware`)."""
    try:
        result = service(by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    if success:
        messages.success(request, success)
    return result
