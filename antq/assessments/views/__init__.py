"""Pages of the assessment cycle, split by sub-domain (cycle, review, results)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from antq.core.workflow import InvalidTransition


def run_service(request, service, success: str = "", **kwargs):
    """Call a workflow service as the signed-in user: a refused right is a 403,
    a refused move or invalid data becomes a message (nothing is written)."""
    try:
        result = service(by=request.user, **kwargs)
    except PermissionError as error:
        raise PermissionDenied(str(error)) from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    except InvalidTransition as error:
        messages.error(request, str(error))
        return None
    if success:
        messages.success(request, success)
    return result
