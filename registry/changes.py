"""The public change log: which records were created, changed or withdrawn, and when; never by whom.

It is read from the history tables of the public record types. Summits and documents count only while
public: a history row of a draft never shows, and a withdrawal shows once, as "withdrawn".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from heapq import merge
from itertools import islice

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.db.models import OuterRef, Q, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_datetime
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from registry import models

PAGE_SIZE = 50

# (model, label, field that names it, URL name, field the URL takes)
PUBLIC_TYPES = [
    (models.Document, _("document"), "title", "document-detail", "slug"),
    (models.Summit, _("summit"), "name", "summit-detail", "slug"),
    (models.MeetingSeries, _("meeting series"), "name", "series-detail", "slug"),
    (models.Party, _("party"), "name", "party-detail", "slug"),
    (models.Person, _("person"), "name", "person-detail", "slug"),
    (models.Topic, _("topic"), "name", "topic-detail", "key"),
    (models.Target, _("target"), "description", "target-detail", "slug"),
    (models.Honour, _("honour"), "name", None, None),
]

ACTIONS = {
    "created": _("created"),
    "published": _("published"),
    "changed": _("changed"),
    "withdrawn": _("withdrawn"),
    "deleted": _("deleted"),
}


@dataclass(frozen=True)
class Change:
    """One line of the change log."""

    date: datetime.datetime
    history_id: int
    model_name: str
    record_type: str
    action: str
    name: str
    url: str | None

    @property
    def action_label(self) -> str:
        return str(ACTIONS[self.action])


def history_rows(model, before: datetime.datetime | None, limit: int):
    """The newest public history rows of one record type, with the state each publishable row follows."""
    rows = model.history.all()
    if before is not None:
        rows = rows.filter(history_date__lt=before)
    if issubclass(model, models.Publishable):
        previous = model.history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by(
            "-history_id"
        )
        rows = rows.annotate(previous_state=Subquery(previous.values("publication_state")[:1])).filter(
            Q(publication_state=models.PublicationState.PUBLISHED)
            | Q(publication_state=models.PublicationState.WITHDRAWN, previous_state=models.PublicationState.PUBLISHED)
        )
    return rows.order_by("-history_date", "-history_id")[:limit]


def action_of(row, publishable: bool) -> str:
    if publishable:
        if row.history_type == "-" or row.publication_state == models.PublicationState.WITHDRAWN:
            return "withdrawn"
        if row.history_type == "+":
            return "created"
        if row.previous_state != models.PublicationState.PUBLISHED:
            return "published"
        return "changed"
    return {"+": "created", "~": "changed", "-": "deleted"}[row.history_type]


def name_of(row, field: str) -> str:
    language = (get_language() or "en").split("-")[0]
    return str(getattr(row, f"{field}_{language}", None) or getattr(row, f"{field}_en", None) or "")[:200]


def recent_changes(before: datetime.datetime | None = None, limit: int = PAGE_SIZE) -> list[Change]:
    """The newest `limit` changes before `before`, across every public record type (one query per type)."""
    streams = []
    for model, label, field, url_name, url_field in PUBLIC_TYPES:
        publishable = issubclass(model, models.Publishable)
        changes = []
        for row in history_rows(model, before, limit):
            action = action_of(row, publishable)
            url = None
            if url_name and action not in ("withdrawn", "deleted"):
                try:
                    url = reverse(url_name, args=[getattr(row, url_field)])
                except NoReverseMatch:
                    url = None
            changes.append(
                Change(
                    row.history_date,
                    row.history_id,
                    model._meta.model_name,
                    str(label),
                    action,
                    name_of(row, field),
                    url,
                )
            )
        streams.append(changes)
    newest_first = merge(*streams, key=lambda change: (change.date, change.history_id), reverse=True)
    return list(islice(newest_first, limit))


def parse_before(value: str | None) -> datetime.datetime | None:
    """The `before` cursor of the page, an ISO date-time; a bad one is a 400 that names it."""
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise BadRequest(f"before: “{value}” is not a date and time (YYYY-MM-DDTHH:MM:SS+00:00)")
    return parsed


class ChangeLogView(TemplateView):
    """/changes/: the newest changes, then older ones page by page."""

    template_name = "registry/changes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changes = recent_changes(parse_before(self.request.GET.get("before")), PAGE_SIZE)
        context["changes"] = changes
        if len(changes) == PAGE_SIZE:
            context["older"] = changes[-1].date.isoformat()
        return context


class ChangesFeed(Feed):
    """The change log as an Atom feed."""

    feed_type = Atom1Feed
    title = _("Kelisim: changes to the registry")
    subtitle = _("Records created, changed or withdrawn.")

    def link(self):
        return reverse("changes")

    def items(self):
        return recent_changes(limit=PAGE_SIZE)

    def item_title(self, item: Change) -> str:
        return f"{item.record_type.capitalize()} {item.action_label}: {item.name}"

    def item_description(self, item: Change) -> str:
        return self.item_title(item)

    def item_link(self, item: Change) -> str:
        return f"{item.url or reverse('changes')}#change-{item.model_name}-{item.history_id}"

    def item_guid(self, item: Change) -> str:
        return f"change-{item.model_name}-{item.history_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Change) -> datetime.datetime:
        return item.date

    def item_updateddate(self, item: Change) -> datetime.datetime:
        return item.date
