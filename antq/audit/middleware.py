from antq.audit.context import audit_context
from antq.core.proxies import client_address


class AuditContextMiddleware:
    """Marks writes made while serving a request as coming from the web or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        with audit_context(source, client_address(request)):
            return self.get_response(request)
