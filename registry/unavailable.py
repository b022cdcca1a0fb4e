"""Answer a lost database connection with a 503 page instead of a 500, and recover on the next request."""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Turn OperationalError and InterfaceError (connection dropped, server restarting) into a 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable while answering %s: %s", request.path, exception)
        # Drop a connection that no longer answers, so the next request opens a fresh one instead of reusing
        # it (inside a transaction the rollback comes first, and closing is left to the request's end).
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None and not connection.in_atomic_block and not connection.is_usable():
                connection.close()
        # Rendered without the request: the context processors could touch the database again.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
