"""The registry's records: who signed what, where, when, about what, and on whose word.

Translated fields (see translation.py) carry en, tr, ru, kk and ky columns with English as the fallback;
history (simple_history) is registered there too, after the translated columns exist.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Aggregate, Count, F, JSONField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.dates import Precision, format_partial_date

# Lets constraints say iso_code__length=2.
models.CharField.register_lookup(Length)

key_validator = RegexValidator(
    r"^(?:[A-Z]{2}|[a-z0-9]+(?:-[a-z0-9]+)*)$",
    _("Use lowercase letters, digits and single hyphens (or a two-letter upper-case ISO code for a state)."),
)
wikidata_validator = RegexValidator(r"^Q[1-9][0-9]*$", _("A Wikidata id looks like Q813."))


def key_field() -> models.CharField:
    return models.CharField(
        _("key"),
        max_length=120,
        unique=True,
        validators=[key_validator],
        help_text=_("Stable identifier used by the exchange format; never reused."),
    )


def slug_field() -> models.SlugField:
    return models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)


def wikidata_field() -> models.CharField:
    return models.CharField(_("Wikidata id"), max_length=20, blank=True, validators=[wikidata_validator])


def precision_field(verbose_name: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=5, choices=Precision.choices, default=Precision.DAY)


class StaleRecordError(Exception):
    """Someone else saved the record after this copy of it was read; saving it would undo their edit."""


class Versioned(models.Model):
    """A version number bumped by every save, so that a save based on an older copy is refused.

    save() checks and bumps it in the UPDATE itself (WHERE version = the version read), so every path —
    admin, import, management command — is protected without knowing about it. The admin shows the
    friendly refusal first (registry.concurrency); this is the last line.
    """

    version = models.PositiveIntegerField(_("version"), default=0, help_text=_("Counts the saves of this record."))

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._expected_version = self.version
        self.version = (self.version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "version" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "version"]
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = self._expected_version
            raise
        finally:
            del self._expected_version

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:  # a raw save (loaddata) restores rows as they were
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise StaleRecordError(
                f"{self._meta.verbose_name} {pk_val} was saved by someone else after version {expected} was read"
            )
        return updated


class Record(Versioned):
    """What every public record carries: when it was created, last changed and last checked against a source."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)
    verified_on = models.DateField(_("last verified against a source"), null=True, blank=True)

    class Meta:
        abstract = True


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The only records the public may see."""
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def visible_to(self, user):
        """Published records for the public; every record for staff who may view them in the admin (a preview)."""
        opts = self.model._meta
        if user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self
        return self.published()


class Publishable(models.Model):
    publication_state = models.CharField(
        _("publication state"),
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_state == PublicationState.PUBLISHED


class Language(models.Model):
    """A language an authentic text can be in (ISO 639-1 code); seeded by a data migration."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Source(Versioned):
    """Where a fact comes from: a web page or a printed citation."""

    url = models.URLField(_("URL"), max_length=1000, blank=True)
    citation = models.TextField(_("citation"), blank=True, help_text=_("For printed sources without a URL."))
    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message=_("A source with this URL already exists; choose it instead."),
            ),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(citation="") | ~Q(title=""),
                name="source_identifiable",
                violation_error_message=_("A source needs a URL, a title or a citation."),
            ),
        ]

    def __str__(self) -> str:
        label = self.title or self.url or self.citation[:80]
        return f"{label} ({self.publisher})" if self.publisher else label


class PartyQuerySet(models.QuerySet):
    def for_listing(self):
        """Parties with their number of published documents (a correlated count: only the page's rows are counted)."""
        return self.select_related("parent").annotate(document_count=published_document_count("pk"))

    def partners_of(self, party: "Party"):
        """The parties that share published documents with `party`, with how many, most first (one GROUP BY)."""
        return (
            self.filter(
                document_parties__document__publication_state=PublicationState.PUBLISHED,
                document_parties__document__document_parties__party=party,
            )
            .exclude(pk=party.pk)
            .annotate(shared_count=Count("document_parties__document", distinct=True))
            .order_by("-shared_count", "name")
        )


class Party(Record):
    """Anyone that can be party to a document: a state, an organisation, a ministry, a company, a region."""

    class Kind(models.TextChoices):
        STATE = "state", _("state")
        INTERGOVERNMENTAL_ORGANISATION = "intergovernmental_organisation", _("intergovernmental organisation")
        GOVERNMENT_BODY = "government_body", _("government body")
        COMPANY = "company", _("company")
        MEDIA = "media", _("media outlet")
        REGION = "region", _("region")
        OTHER = "other", _("other")

    key = key_field()
    slug = slug_field()
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    iso_code = models.CharField(
        _("ISO 3166-1 code"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two upper-case letters, e.g. KZ."))],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    wikidata = wikidata_field()

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~Q(iso_code=""),
                name="party_iso_code_unique",
                violation_error_message=_("Another party already has this ISO code."),
            ),
            models.CheckConstraint(
                condition=Q(iso_code="") | Q(kind="state", iso_code__length=2),
                name="party_iso_code_for_states",
                violation_error_message=_("Only a state has an ISO 3166-1 code, and it has two letters."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="party_not_own_parent",
                violation_error_message=_("A party cannot be part of itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party-detail", args=[self.slug])


class Person(Record):
    """Someone who leads a delegation or signs."""

    key = key_field()
    slug = slug_field()
    name = models.CharField(_("name"), max_length=200)
    aliases = models.TextField(
        _("other spellings"),
        blank=True,
        help_text=_("One per line: transliterations and spellings in other scripts (Caparov, Жапаров)."),
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("serves"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The state or organisation the person usually acts for."),
    )
    wikidata = wikidata_field()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("person-detail", args=[self.slug])

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class MeetingSeries(Record):
    """A recurring body, e.g. the Kyrgyz-Kazakh Supreme Interstate Council."""

    key = key_field()
    slug = slug_field()
    name = models.CharField(_("name"), max_length=300)
    members = models.ManyToManyField(Party, verbose_name=_("members"), blank=True, related_name="series")

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("series-detail", args=[self.slug])


class SummitQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What a list of summits shows, with each row's number of published documents (correlated count)."""
        documents = (
            Document.objects.published()
            .filter(summit=OuterRef("pk"))
            .order_by()
            .values("summit")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related("series", "host").annotate(document_count=Coalesce(Subquery(documents), 0))


class Summit(Record, Publishable):
    """One meeting: a state visit, a council meeting, a summit, a forum."""

    class Kind(models.TextChoices):
        STATE_VISIT = "state_visit", _("state visit")
        OFFICIAL_VISIT = "official_visit", _("official visit")
        COUNCIL_MEETING = "council_meeting", _("council meeting")
        SUMMIT = "summit", _("summit")
        CONSULTATIVE_MEETING = "consultative_meeting", _("consultative meeting")
        FORUM = "forum", _("forum")
        OTHER = "other", _("other")

    key = key_field()
    slug = slug_field()
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="summits",
    )
    ordinal = models.PositiveSmallIntegerField(_("ordinal"), null=True, blank=True, help_text=_("7 for the 7th."))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=300)
    start_date = models.DateField(_("start date"), db_index=True)
    start_date_precision = precision_field(_("precision of the start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Empty for a one-day meeting."))
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    host = models.ForeignKey(
        Party,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_summits",
    )
    participants = models.ManyToManyField(Party, verbose_name=_("participants"), blank=True, related_name="summits")
    description = models.TextField(_("description"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="summits")

    objects = SummitQuerySet.as_manager()

    class Meta:
        verbose_name = _("summit")
        verbose_name_plural = _("summits")
        ordering = ["-start_date", "name"]
        permissions = [("publish_summit", _("Can publish and withdraw summits"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="summit_ends_after_start",
                violation_error_message=_("A summit cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["series", "ordinal"],
                name="summit_ordinal_unique_in_series",
                violation_error_message=_("This series already has a meeting with that number."),
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(series__isnull=False),
                name="summit_ordinal_needs_series",
                violation_error_message=_("A meeting number only makes sense within a series."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("summit-detail", args=[self.slug])

    @property
    def dates_display(self) -> str:
        start = format_partial_date(self.start_date, self.start_date_precision)
        return f"{start} – {format_partial_date(self.end_date, Precision.DAY)}" if self.end_date else start

    def neighbours_in_series(self) -> tuple["Summit | None", "Summit | None"]:
        """The published meetings before and after this one in its series, (previous, next), in one query:
        each side's nearest meeting is a subquery of it."""
        if self.series_id is None:
            return None, None
        # Numbered meetings are ordered by number, unnumbered ones by date.
        order = "ordinal" if self.ordinal is not None else "start_date"
        value = getattr(self, order)
        others = Summit.objects.published().filter(series_id=self.series_id).exclude(pk=self.pk)
        before = others.filter(**{f"{order}__lt": value}).order_by(f"-{order}").values("pk")[:1]
        after = others.filter(**{f"{order}__gt": value}).order_by(order).values("pk")[:1]
        found = list(Summit.objects.filter(Q(pk=Subquery(before)) | Q(pk=Subquery(after))))
        previous = next((summit for summit in found if getattr(summit, order) < value), None)
        following = next((summit for summit in found if getattr(summit, order) > value), None)
        return previous, following


class SummitLeader(models.Model):
    """A person who led a delegation to a summit, for a party, in a role."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="leaders")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="summits_led")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "person"],
                name="summit_leader_once",
                violation_error_message=_("This person is already listed as a leader of this summit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.party})"


class Topic(Versioned):
    """A sector from the controlled vocabulary: trade, water, energy, ..."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("topic-detail", args=[self.key])


class DocumentQuerySet(PublishableQuerySet):
    def for_listing(self):
        """Everything a list of documents shows, in a fixed number of queries."""
        return self.select_related("summit").prefetch_related("parties", "topics")


class Document(Record, Publishable):
    """One signed or adopted text."""

    class Kind(models.TextChoices):
        TREATY = "treaty", _("treaty")
        AGREEMENT = "agreement", _("agreement")
        MEMORANDUM = "memorandum", _("memorandum of understanding")
        JOINT_STATEMENT = "joint_statement", _("joint statement")
        DECLARATION = "declaration", _("declaration")
        DECISION = "decision", _("decision")
        ROADMAP = "roadmap", _("roadmap")
        ACTION_PLAN = "action_plan", _("action plan")
        PROGRAMME = "programme", _("programme")
        PLAN = "plan", _("plan")
        PROTOCOL = "protocol", _("protocol")
        CONCEPT = "concept", _("concept")
        OTHER = "other", _("other")

    class LegalNature(models.TextChoices):
        BINDING = "binding", _("binding")
        NON_BINDING = "non_binding", _("not binding")
        UNKNOWN = "unknown", _("unknown")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")
        RATIFIED = "ratified", _("ratified")
        IN_FORCE = "in_force", _("in force")
        SUSPENDED = "suspended", _("suspended")
        EXPIRED = "expired", _("expired")
        TERMINATED = "terminated", _("terminated")
        SUPERSEDED = "superseded", _("superseded")

    key = key_field()
    slug = slug_field()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    legal_nature = models.CharField(
        _("legal nature"), max_length=12, choices=LegalNature.choices, default=LegalNature.UNKNOWN
    )
    title = models.CharField(_("title"), max_length=500)
    short_title = models.CharField(_("short title"), max_length=200, blank=True)
    summit = models.ForeignKey(
        Summit,
        verbose_name=_("summit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Leave empty for a document signed outside a summit."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True, db_index=True)
    signed_on_precision = precision_field(_("precision of the signing date"))
    signed_at = models.CharField(_("signed at"), max_length=200, blank=True)
    parties = models.ManyToManyField(
        Party, through="DocumentParty", verbose_name=_("parties"), related_name="documents"
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="documents")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SIGNED, db_index=True)
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    entry_into_force_precision = precision_field(_("precision of the entry into force"))
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages of the authentic texts"), blank=True, related_name="documents"
    )
    summary = models.TextField(_("summary"), blank=True)
    wikidata = wikidata_field()
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="documents")
    # Derived by registry.search.refresh_search_text(), never edited: see docs/search.md. Nullable so that
    # SQLite can add the column without rebuilding the table (which its triggers of 0002 forbid).
    search_text = models.TextField(_("search text"), null=True, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-signed_on", "-pk"]
        permissions = [("publish_document", _("Can publish and withdraw documents"))]
        # What /documents/ and the admin list sort by, read in order from an index at a million rows
        # (docs/performance.md says what each one buys). The newest-first index of the public list is in
        # migration 0005: its NULLS LAST is written differently on each database.
        indexes = [
            models.Index(
                F("title_en"), F("id"), condition=Q(publication_state="published"), name="document_published_title"
            ),
            models.Index(F("signed_on").desc(), F("id").desc(), name="document_newest"),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("document-detail", args=[self.slug])

    @property
    def signed_on_display(self) -> str:
        return format_partial_date(self.signed_on, self.signed_on_precision)

    @property
    def entry_into_force_display(self) -> str:
        return format_partial_date(self.entry_into_force, self.entry_into_force_precision)


class SearchWord(models.Model):
    """A word some document's search text contains: the vocabulary misspelled query words are matched against."""

    word = models.CharField(max_length=60, primary_key=True)

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class DocumentParty(models.Model):
    """A party to a document. Signatures point at these rows' (document, party) pairs; see migration 0002."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="document_parties")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="document_parties")

    class Meta:
        verbose_name = _("party to the document")
        verbose_name_plural = _("parties to the document")
        ordering = ["pk"]
        # A party's documents by an index-only scan (the party filter, the party page).
        indexes = [models.Index(fields=["party", "document"], name="documentparty_party_document")]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "party"],
                name="document_party_once",
                violation_error_message=_("This party is already a party to the document."),
            )
        ]

    def __str__(self) -> str:
        return str(self.party)


class JSONRows(Aggregate):
    """The group's rows as one JSON list of [value, ...] lists, one value per expression: json_group_array on
    SQLite, jsonb_agg on PostgreSQL (written out, as Django's JSON functions check the database first)."""

    template = "JSON_GROUP_ARRAY(JSON_ARRAY(%(expressions)s))"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "JSONB_AGG(JSONB_BUILD_ARRAY(%(expressions)s))"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def json_rows(related: QuerySet, link: str, *fields: str) -> Subquery:
    """A correlated subquery: the rows of `related` whose `link` is OuterRef("pk"), as one JSON list of
    [field, ...] lists (NULL when there are none). Short related lists ride on their record's row this way
    instead of costing a query, or a record per row, of their own."""
    rows = related.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(rows=JSONRows(*fields))
    return Subquery(rows.values("rows"))


def published_document_count(party_ref: str) -> Coalesce:
    """A correlated subquery counting the published documents of the party at OuterRef(party_ref)."""
    counts = (
        DocumentParty.objects.filter(party=OuterRef(party_ref), document__publication_state=PublicationState.PUBLISHED)
        .order_by()
        .values("party")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


class Signature(models.Model):
    """A person signing a document for one of its parties."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="signatures")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(Party, verbose_name=_("for"), on_delete=models.PROTECT, related_name="signatures")
    capacity = models.CharField(_("capacity"), max_length=200, blank=True, help_text=_("Minister of Foreign Affairs"))
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True, help_text=_("Leave empty when it is the document's date.")
    )

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["pk"]
        # A signatory's documents by an index-only scan (the signatory filter, the person page).
        indexes = [models.Index(fields=["person", "document"], name="signature_person_document")]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "person", "party"],
                name="signature_once",
                violation_error_message=_("This person already signs this document for this party."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.party}"


class StatusEvent(models.Model):
    """One step in a document's life: ratified by a party, entered into force, expired, ..."""

    class Kind(models.TextChoices):
        SIGNED = "signed", _("signed")
        RATIFIED = "ratified", _("ratified")
        ENTERED_INTO_FORCE = "entered_into_force", _("entered into force")
        AMENDED = "amended", _("amended")
        SUSPENDED = "suspended", _("suspended")
        EXPIRED = "expired", _("expired")
        TERMINATED = "terminated", _("terminated")
        SUPERSEDED = "superseded", _("superseded")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="status_events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a ratification: who ratified."),
    )
    date = models.DateField(_("date"))
    date_precision = precision_field(_("precision"))
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("status event")
        verbose_name_plural = _("status history")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_partial_date(self.date, self.date_precision)}"


class DocumentRelation(models.Model):
    """Document A implements / amends / supersedes / extends / refers to document B."""

    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("implements")
        AMENDS = "amends", _("amends")
        SUPERSEDES = "supersedes", _("supersedes")
        EXTENDS = "extends", _("extends")
        REFERS_TO = "refers_to", _("refers to")

    from_document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # PROTECT: deleting a document that others point to would silently lose their relations.
    to_document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="relations_in"
    )

    class Meta:
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_document", "kind", "to_document"],
                name="document_relation_once",
                violation_error_message=_("This relation is already recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(from_document=models.F("to_document")),
                name="document_relation_not_to_itself",
                violation_error_message=_("A document cannot relate to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_document} {self.get_kind_display()} {self.to_document}"


class RegistrationNumber(models.Model):
    """A number under which a register (the UN treaty series, a national registry) records the document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="registration_numbers")
    register = models.CharField(_("register"), max_length=50, help_text=_('"unts" for the UN treaty series.'))
    number = models.CharField(_("number"), max_length=100)

    class Meta:
        verbose_name = _("registration number")
        verbose_name_plural = _("registration numbers")
        ordering = ["register", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "number"],
                name="registration_number_unique",
                violation_error_message=_("Another document already has this number in this register."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.number}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A name chosen by the server: the uploader's name never reaches the file system."""
    return f"attachments/{uuid.uuid4().hex}.pdf"


def validate_pdf(value) -> None:
    """Refuse anything but a PDF within ATTACHMENT_MAX_BYTES, judged by its first bytes, never by its name."""
    if getattr(value, "_committed", False):
        return  # already stored, so already checked; don't reread it on every edit of the title
    name = value.name or ""
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise ValidationError(
            _("The file name %(name)s contains a path; upload the file itself."), params={"name": name}, code="path"
        )
    if value.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if value.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s bytes; the limit is %(limit)s bytes."),
            params={"size": value.size, "limit": settings.ATTACHMENT_MAX_BYTES},
            code="too_large",
        )
    file = value.file
    position = file.tell()
    file.seek(0)
    head = file.read(5)
    file.seek(position)
    if head != b"%PDF-":
        raise ValidationError(
            _("This is not a PDF (a PDF starts with %%PDF-, whatever its name); upload the PDF of the text."),
            code="not_pdf",
        )


class Attachment(models.Model):
    """A text of the document (PDF), stored under a server-chosen name and served by views.attachment."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, validators=[validate_pdf])
    title = models.CharField(_("title"), max_length=300, blank=True)
    language = models.ForeignKey(
        Language, verbose_name=_("language"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title or self.file.name

    def get_absolute_url(self) -> str:
        return reverse("attachment", args=[self.pk])


class TargetQuerySet(models.QuerySet):
    def for_listing(self):
        """Targets with everything a list shows: the summit, the parties and the observations in date order."""
        return self.select_related("set_at_summit", "set_in_document").prefetch_related("parties", "observations")

    def with_latest_observation(self):
        """Each target's latest observation's value and date as annotations (subqueries): for a page that shows
        only that, instead of one more query for every observation."""
        latest = TargetObservation.objects.filter(target=OuterRef("pk")).order_by("-date", "-pk")
        return self.annotate(
            latest_observed_value=Subquery(latest.values("value")[:1]),
            latest_observed_on=Subquery(latest.values("date")[:1]),
        )


class Target(Record):
    """A measurable commitment: bilateral trade of USD 3 billion by 2030."""

    key = key_field()
    slug = slug_field()
    description = models.TextField(_("description"))
    metric = models.CharField(_("metric"), max_length=200, help_text=_("bilateral trade volume"))
    value = models.DecimalField(_("target value"), max_digits=24, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=30, help_text=_("USD, tonnes, km"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    parties = models.ManyToManyField(Party, verbose_name=_("parties"), blank=True, related_name="targets")
    set_at_summit = models.ForeignKey(
        Summit, verbose_name=_("set at summit"), null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    set_in_document = models.ForeignKey(
        Document,
        verbose_name=_("set in document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="targets")

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.description[:120]

    def get_absolute_url(self) -> str:
        return reverse("target-detail", args=[self.slug])

    @property
    def latest_observation(self) -> "TargetObservation | None":
        """The most recent observation: from with_latest_observation()'s annotations (value and date only) when
        the target has them, else the last prefetched observation (else costs a query)."""
        if hasattr(self, "latest_observed_on"):
            if self.latest_observed_on is None:
                return None
            return TargetObservation(target=self, date=self.latest_observed_on, value=self.latest_observed_value)
        observations = list(self.observations.all())
        return observations[-1] if observations else None


class TargetObservation(models.Model):
    """A measured value of a target's metric at a date, to show progress."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="observations")
    date = models.DateField(_("date"))
    date_precision = precision_field(_("precision"))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.value} ({format_partial_date(self.date, self.date_precision)})"


class Honour(Record):
    """A state decoration conferred, often during a summit."""

    key = key_field()
    name = models.CharField(_("name"), max_length=300)
    recipient = models.ForeignKey(Person, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="honours")
    conferred_by = models.ForeignKey(
        Party, verbose_name=_("conferred by"), on_delete=models.PROTECT, related_name="honours_conferred"
    )
    date = models.DateField(_("date"), null=True, blank=True)
    summit = models.ForeignKey(
        Summit, verbose_name=_("summit"), null=True, blank=True, on_delete=models.PROTECT, related_name="honours"
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.recipient}"


class RetiredSlug(models.Model):
    """A slug a record was published under before; its old address redirects (301) to the current one."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(_("old slug"), max_length=120)
    retired_at = models.DateTimeField(_("retired"), auto_now_add=True)

    class Meta:
        verbose_name = _("retired slug")
        verbose_name_plural = _("retired slugs")
        ordering = ["-retired_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "slug"],
                name="retired_slug_once",
                violation_error_message=_("This old slug already redirects to a record of this type."),
            )
        ]

    def __str__(self) -> str:
        return self.slug
