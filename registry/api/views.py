"""The read-only API under /api/v1/: the pages' querysets and FilterSets, paginated, with ETags."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from registry import filters, models
from registry.api import serializers
from registry.conditional import data_version

# ETag and If-None-Match / 304 from the rendered body, so a repeat request costs no transfer.
etag = decorator_from_middleware(ConditionalGetMiddleware)


class CachedCountPaginator(Paginator):
    """A paginator whose count is taken once per query and change of the data.

    Counting the agreements of a busy state takes 0.4 s at a million documents, longer than the page
    itself; the count is keyed by the query's SQL and the site's last change, so it is never stale.
    """

    def __init__(self, object_list, per_page, version: str):
        super().__init__(object_list, per_page)
        self.version = version

    @cached_property
    def count(self) -> int:
        sql, params = self.object_list.query.sql_with_params()
        key = "api-count:" + hashlib.sha256(repr((self.version, sql, params)).encode()).hexdigest()
        return cache.get_or_set(key, lambda: Paginator.count.func(self), filters.FACET_CACHE_SECONDS)


class Pagination(PageNumberPagination):
    """?page=N&per_page=M, at most 100 a page; the licence rides along with every page."""

    page_size = filters.DEFAULT_PER_PAGE
    page_size_query_param = "per_page"
    max_page_size = filters.MAX_PER_PAGE

    def paginate_queryset(self, queryset, request, view=None):
        self.version = data_version(request)
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size: int) -> CachedCountPaginator:
        return CachedCountPaginator(queryset, page_size, self.version)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["licence"] = {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL}
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["licence"] = {
            "type": "object",
            "properties": {"name": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
        }
        return schema


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    lookup_field = "slug"
    # The pages' slug converter: anything else (a NUL byte, which PostgreSQL refuses in a query) is a 404.
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    @classmethod
    def as_view(cls, *args, **kwargs):
        return etag(super().as_view(*args, **kwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Link"] = f'<{settings.DATA_LICENCE_URL}>; rel="license"'
        return response


class DocumentViewSet(ReadOnly):
    """Published documents; the filters and sorts of /documents/."""

    queryset = models.Document.objects.published().for_listing()
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilterSet


class SummitViewSet(ReadOnly):
    """Published summits, newest first."""

    queryset = (
        models.Summit.objects.published().for_listing().prefetch_related("participants").order_by("-start_date", "-pk")
    )
    serializer_class = serializers.SummitSerializer
    filterset_class = filters.SummitFilterSet


class SeriesViewSet(ReadOnly):
    """Meeting series."""

    queryset = models.MeetingSeries.objects.prefetch_related("members").order_by("key")
    serializer_class = serializers.SeriesSerializer


class PartyViewSet(ReadOnly):
    """States, organisations and other parties."""

    queryset = models.Party.objects.select_related("parent").order_by("key")
    serializer_class = serializers.PartySerializer
    filterset_class = filters.PartyFilterSet


class PersonViewSet(ReadOnly):
    """People who lead delegations or sign."""

    queryset = models.Person.objects.select_related("party").order_by("key")
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilterSet


class TopicViewSet(ReadOnly):
    """The vocabulary of topics."""

    queryset = models.Topic.objects.select_related("parent").order_by("key")
    serializer_class = serializers.TopicSerializer
    lookup_field = "key"


class TargetViewSet(ReadOnly):
    """Measurable commitments."""

    queryset = (
        models.Target.objects.select_related("set_at_summit", "set_in_document")
        .prefetch_related(Prefetch("parties", queryset=models.Party.objects.order_by("key")))
        .order_by("key")
    )
    serializer_class = serializers.TargetSerializer
