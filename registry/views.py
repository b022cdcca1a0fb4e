"""Public pages: thin generic views over the QuerySet vocabulary of models.py."""

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from registry import charts, stats
from registry.models import (
    Document,
    Honour,
    MeetingSeries,
    Party,
    Person,
    PublicationState,
    Signature,
    Summit,
    SummitLeader,
    Target,
    Topic,
)

PUBLISHED_DOCUMENTS = Q(documents__publication_state=PublicationState.PUBLISHED)


class HomeView(TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = stats.home_counts()
        context["latest_summits"] = Summit.objects.published().for_listing()[:5]
        context["latest_documents"] = Document.objects.published().for_listing()[:10]
        context["per_year_chart"] = charts.stacked_bars(
            stats.documents_per_year_and_kind(), Document.Kind, title=_("Documents per year")
        )
        return context


class DocumentListView(ListView):
    queryset = Document.objects.published().for_listing()
    paginate_by = 20
    template_name = "registry/document_list.html"


class DocumentDetailView(DetailView):
    template_name = "registry/document_detail.html"

    def get_queryset(self):
        return (
            Document.objects.published()
            .select_related("summit", "summit__series")
            .prefetch_related(
                "topics",
                "languages",
                "sources",
                "registration_numbers",
                "attachments",
                "document_parties__party",
                Prefetch("signatures", queryset=Signature.objects.select_related("person", "party")),
                "status_events__party",
                "relations_out__to_document",
                "relations_in__from_document",
                "targets",
            )
        )


class SummitListView(ListView):
    queryset = Summit.objects.published().for_listing()
    paginate_by = 20
    template_name = "registry/summit_list.html"


class SummitDetailView(DetailView):
    template_name = "registry/summit_detail.html"

    def get_queryset(self):
        return (
            Summit.objects.published()
            .select_related("series", "host")
            .prefetch_related(
                "participants",
                "sources",
                Prefetch("leaders", queryset=SummitLeader.objects.select_related("person", "party")),
                Prefetch(
                    "documents",
                    queryset=Document.objects.published().prefetch_related("parties").order_by("kind", "pk"),
                ),
                Prefetch("honours", queryset=Honour.objects.select_related("recipient", "conferred_by")),
                Prefetch("targets", queryset=Target.objects.prefetch_related("observations")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["previous"] = self.object.previous_in_series()
        context["next"] = self.object.next_in_series()
        return context


class SeriesDetailView(DetailView):
    queryset = MeetingSeries.objects.prefetch_related(
        "members",
        Prefetch(
            "summits",
            queryset=Summit.objects.published()
            .annotate(document_count=Count("documents", filter=PUBLISHED_DOCUMENTS))
            .order_by("ordinal", "start_date"),
        ),
    )
    template_name = "registry/series_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meetings"] = meetings_in_order(list(self.object.summits.all()))
        return context


def meetings_in_order(summits: list[Summit]) -> list[tuple[int | None, Summit | None]]:
    """(ordinal, summit) from the 1st to the last known meeting, None for an ordinal with no record, then the rest."""
    numbered = {summit.ordinal: summit for summit in summits if summit.ordinal is not None}
    rows: list[tuple[int | None, Summit | None]] = [
        (ordinal, numbered.get(ordinal)) for ordinal in range(1, max(numbered, default=0) + 1)
    ]
    rows += [(None, summit) for summit in summits if summit.ordinal is None]
    return rows


class PartyListView(ListView):
    queryset = Party.objects.filter(parent__isnull=True).for_listing().order_by("kind", "name")
    paginate_by = 50
    template_name = "registry/party_list.html"


class PartyDetailView(DetailView):
    queryset = Party.objects.select_related("parent").prefetch_related("children")
    template_name = "registry/party_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        party = self.object
        context["documents"] = Document.objects.published().filter(parties=party).for_listing()[:20]
        context["documents_search_url"] = f"{reverse('document-list')}?party={party.slug}"
        context["partners"] = Party.objects.partners_of(party)[:30]
        context["summits"] = Summit.objects.published().filter(participants=party).for_listing()
        return context


class PersonListView(ListView):
    queryset = Person.objects.select_related("party")
    paginate_by = 50
    template_name = "registry/person_list.html"


class PersonDetailView(DetailView):
    queryset = Person.objects.select_related("party")
    template_name = "registry/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context["signatures"] = (
            Signature.objects.filter(person=person, document__publication_state=PublicationState.PUBLISHED)
            .select_related("document", "party")
            .order_by("-document__signed_on", "-document__pk")
        )
        context["leaderships"] = (
            SummitLeader.objects.filter(person=person, summit__publication_state=PublicationState.PUBLISHED)
            .select_related("summit", "party")
            .order_by("-summit__start_date")
        )
        context["offices"] = offices(context["leaderships"], context["signatures"])
        return context


def offices(leaderships, signatures) -> list[tuple[str, Party]]:
    """The distinct (office, party) pairs a person held, from summit roles and signing capacities, newest first."""
    seen: dict[tuple[str, int], tuple[str, Party]] = {}
    held = [(row.role, row.party) for row in leaderships] + [(row.capacity, row.party) for row in signatures]
    for office, party in held:
        if office:
            seen.setdefault((office, party.pk), (office, party))
    return list(seen.values())


class TopicDetailView(DetailView):
    queryset = Topic.objects.select_related("parent").prefetch_related("children")
    slug_field = "key"
    template_name = "registry/topic_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        context["documents"] = Document.objects.published().filter(topics=topic).for_listing()[:20]
        context["documents_search_url"] = f"{reverse('document-list')}?topic={topic.key}"
        return context


class TargetListView(ListView):
    queryset = Target.objects.for_listing()
    paginate_by = 50
    template_name = "registry/target_list.html"


class TargetDetailView(DetailView):
    queryset = Target.objects.for_listing().prefetch_related("sources", "observations__source")
    template_name = "registry/target_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress_chart"] = charts.progress(self.object)
        return context


class StatsView(TemplateView):
    template_name = "registry/stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["per_year_chart"] = charts.stacked_bars(
            stats.documents_per_year_and_kind(), Document.Kind, title=_("Documents per year, by kind")
        )
        context["topic_chart"] = charts.horizontal_bars(stats.documents_per_topic(), title=_("Documents by topic"))
        context["partner_chart"] = charts.heat_map(*stats.partner_matrix(), title=_("Who signs with whom"))
        context["timeline_chart"] = charts.stacked_bars(
            stats.summits_per_year_and_kind(), Summit.Kind, title=_("Summits per year, by kind")
        )
        return context


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Allow everything public, keep crawlers out of the admin, point them at the sitemap."""
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
