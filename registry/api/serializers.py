"""Read-only representations of the public records; translated fields are in the request's language."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry import models
from registry.dates import iso_partial_date


class KeyField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="key", read_only=True, **kwargs)


class RecordSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record) -> str:
        request = self.context.get("request")
        path = record.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class TopicSerializer(RecordSerializer):
    parent = KeyField(allow_null=True)

    class Meta:
        model = models.Topic
        fields = ["key", "name", "parent", "url"]


class PartySerializer(RecordSerializer):
    parent = KeyField(allow_null=True)

    class Meta:
        model = models.Party
        fields = ["key", "slug", "kind", "name", "short_name", "iso_code", "parent", "wikidata", "url", "updated_at"]


class PersonSerializer(RecordSerializer):
    party = KeyField(allow_null=True)
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = models.Person
        fields = ["key", "slug", "name", "aliases", "party", "wikidata", "url", "updated_at"]


class SeriesSerializer(RecordSerializer):
    members = KeyField(many=True)

    class Meta:
        model = models.MeetingSeries
        fields = ["key", "slug", "name", "members", "url", "updated_at"]


class SummitSerializer(RecordSerializer):
    series = KeyField(allow_null=True)
    host = KeyField(allow_null=True)
    participants = KeyField(many=True)
    start_date = serializers.SerializerMethodField()

    class Meta:
        model = models.Summit
        fields = [
            "key",
            "slug",
            "kind",
            "name",
            "series",
            "ordinal",
            "start_date",
            "end_date",
            "city",
            "venue",
            "host",
            "participants",
            "url",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_start_date(self, summit) -> str:
        return iso_partial_date(summit.start_date, summit.start_date_precision)


class DocumentSerializer(RecordSerializer):
    summit = KeyField(allow_null=True)
    parties = KeyField(many=True)
    topics = KeyField(many=True)
    signed_on = serializers.SerializerMethodField()
    entry_into_force = serializers.SerializerMethodField()

    class Meta:
        model = models.Document
        fields = [
            "key",
            "slug",
            "kind",
            "legal_nature",
            "title",
            "short_title",
            "summit",
            "signed_on",
            "signed_at",
            "parties",
            "topics",
            "status",
            "entry_into_force",
            "wikidata",
            "url",
            "updated_at",
        ]

    @extend_schema_field({"type": "string", "nullable": True, "description": "YYYY, YYYY-MM or YYYY-MM-DD"})
    def get_signed_on(self, document) -> str | None:
        return iso_partial_date(document.signed_on, document.signed_on_precision)

    @extend_schema_field({"type": "string", "nullable": True, "description": "YYYY, YYYY-MM or YYYY-MM-DD"})
    def get_entry_into_force(self, document) -> str | None:
        return iso_partial_date(document.entry_into_force, document.entry_into_force_precision)


class TargetSerializer(RecordSerializer):
    parties = KeyField(many=True)
    set_at_summit = KeyField(allow_null=True)
    set_in_document = KeyField(allow_null=True)

    class Meta:
        model = models.Target
        fields = [
            "key",
            "slug",
            "description",
            "metric",
            "value",
            "unit",
            "deadline",
            "parties",
            "set_at_summit",
            "set_in_document",
            "url",
            "updated_at",
        ]
