"""Middleware: choosing the language of a request, and counting SQL queries for the benchmark."""

from contextlib import ExitStack

from django.db import connections
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import reverse
from django.utils import translation


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that the admin speaks the editor's chosen language (cookie, then the browser's).

    Public pages carry their language in the URL; with English unprefixed, Django gives every other
    unprefixed URL English too, which would leave the admin in English whatever the editor chose.
    """

    def process_request(self, request) -> None:
        super().process_request(request)
        if request.path_info.startswith(reverse("admin:index")):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()


class QueryCountHeaderMiddleware:
    """Adds X-Query-Count: the number of SQL queries that served the request, for bench/run.py.

    Installed only when QUERY_COUNT_HEADER is on (off by default, never needed in production); it counts the
    queries the request ran until its headers were sent.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
