"""The read-only API under /api/v1/: the pages' querysets and FilterSets, paginated, with ETags."""

from django.conf import settings
from django.db.models import Prefetch
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from registry import filters, models
from registry.api import serializers

# ETag and If-None-Match / 304 from the rendered body, so a repeat request costs no transfer.
etag = decorator_from_middleware(ConditionalGetMiddleware)


class Pagination(PageNumberPagination):
    """?page=N&per_page=M, at most 100 a page; the licence rides along with every page."""

    page_size = filters.DEFAULT_PER_PAGE
    page_size_query_param = "per_page"
    max_page_size = filters.MAX_PER_PAGE

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
