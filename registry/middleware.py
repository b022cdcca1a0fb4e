"""Middleware for measuring: the SQL query count of each response, for the benchmark (bench/run.py).

Installed only when QUERY_COUNT_HEADER is on (off by default, and never needed in production): it adds
`X-Query-Count` to every response, counting the queries the request ran until its headers were sent.
"""

from contextlib import ExitStack

from django.db import connections


class QueryCountHeaderMiddleware:
    """Adds X-Query-Count: the number of SQL queries that served the request."""

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
