"""Public pages: thin generic views over the QuerySet vocabulary of models.py."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from registry import charts, document_formats, stats
from registry.conditional import data_version
from registry.filters import (
    DEFAULT_PER_PAGE,
    FACETS,
    DocumentFilterSet,
    RankedDocuments,
    SummitFilterSet,
    cached_facet_counts,
    facets_are_estimates,
    selected_values,
    shown_estimate,
    total_from_facets,
)
from registry.models import (
    Attachment,
    Document,
    DocumentParty,
    DocumentRelation,
    Honour,
    Language,
    MeetingSeries,
    Party,
    Person,
    PublicationState,
    RegistrationNumber,
    Signature,
    StatusEvent,
    Summit,
    SummitLeader,
    Target,
    Topic,
    json_rows,
)
from registry.preview import PreviewMixin
from registry.slugs import RedirectRetiredSlugMixin

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


PER_PAGE_CHOICES = [10, 20, 50, 100]


def query_string(params: QueryDict, drop: tuple[str, str | None] | None = None, **changes) -> str:
    """`params` as a query string, without the (name, value) pair `drop` (all values when None), with changes."""
    pairs = []
    for name, values in params.lists():
        if name in changes or (drop and name == drop[0] and drop[1] is None):
            continue
        pairs += [(name, value) for value in values if value != "" and not (drop and (name, value) == drop)]
    pairs += [(name, value) for name, value in changes.items() if value is not None]
    return "?" + urlencode(pairs) if pairs else "?"


class DocumentListView(TemplateView):
    """The search page: one FilterSet decides the results, the facet counts and every error message."""

    template_name = "registry/document_list.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filterset = DocumentFilterSet(request.GET, queryset=Document.objects.published(), request=request)
        context = self.get_context_data(filterset=filterset, form=filterset.form)
        if not filterset.is_valid():
            return self.render_to_response(self.with_facets(context, filterset, valid=False), status=400)
        context["per_page"] = filterset.page_size
        version = data_version(request)
        self.facets = cached_facet_counts(filterset, request.GET, version)
        documents = filterset.qs.for_listing()
        if filterset.sort_key == "relevance":
            documents = RankedDocuments(filterset, Document.objects.published().for_listing(), request.GET, version)
        paginator = Paginator(documents, filterset.page_size)
        paginator.count = total_from_facets(self.facets)  # no COUNT query of its own
        estimated = facets_are_estimates(self.facets)
        number = filterset.form.cleaned_data.get("page") or 1
        page = paginator.page(number) if number <= paginator.num_pages else None
        if estimated and number > 1 and page is not None and not page.object_list:
            # The estimate promised more pages than there are: count exactly to say where the results end.
            paginator, page = Paginator(filterset.qs, filterset.page_size), None
        if page is None:
            filterset.form.add_error(
                "page",
                ValidationError(
                    _("There is no page “%(value)s”: these results end at page %(last)s."),
                    params={"value": number, "last": paginator.num_pages},
                ),
            )
            # Every other value is good: show the filters with their counts beside the message.
            return self.render_to_response(self.with_facets(context, filterset, valid=True), status=400)
        params = request.GET.copy()
        context.update(
            page_obj=page,
            documents=page.object_list,
            total=paginator.count,
            total_is_estimate=estimated,
            shown_total=shown_estimate(paginator.count) if estimated else paginator.count,
            previous_url=query_string(params, page=page.previous_page_number()) if page.has_previous() else None,
            next_url=query_string(params, page=page.next_page_number()) if page.has_next() else None,
        )
        context = self.with_facets(context, filterset, valid=True)
        if not paginator.count:
            # Which filter to remove, and what that would give: one count per active filter.
            suggestions = [
                {**chip_group, "count": filterset.filtered_without(chip_group["name"]).count()}
                for chip_group in self.active_filters(context["chips"])
            ]
            context["suggestions"] = [suggestion for suggestion in suggestions if suggestion["count"]]
        return self.render_to_response(context)

    def with_facets(self, context: dict, filterset: DocumentFilterSet, valid: bool) -> dict:
        """The facets beside the results, the chips above them, and every field's errors beside it."""
        form = filterset.form
        params = self.request.GET
        facets = self.facets if valid else {}
        context["facet_list"] = [
            {
                "name": name,
                "label": form.fields[name].label,
                "values": facets.get(name, []),
                "errors": form.errors.get(name),
            }
            for name in FACETS
        ]
        chips = []
        if valid:
            data = form.cleaned_data
            if data.get("q"):
                chips.append(
                    {
                        "name": "q",
                        "label": _("Search: “%s”") % data["q"],
                        "url": query_string(params, ("q", None), page=None),
                    }
                )
            for name in FACETS:
                for value, label in selected_values(filterset, name).items():
                    chips.append(
                        {
                            "name": name,
                            "label": f"{form.fields[name].label}: {label}",
                            "url": query_string(params, (name, value), page=None),
                        }
                    )
            for name in ("signed_from", "signed_to"):
                if data.get(name):
                    chips.append(
                        {
                            "name": name,
                            "label": f"{form.fields[name].label}: {params.get(name)}",
                            "url": query_string(params, (name, None), page=None),
                        }
                    )
        context["chips"] = chips
        context["clear_url"] = self.request.path
        context["first_page_url"] = query_string(params, page=None)
        context.setdefault("per_page", DEFAULT_PER_PAGE)
        context["per_page_choices"] = sorted({*PER_PAGE_CHOICES, context["per_page"]})
        context.setdefault("total", None)
        return context

    def active_filters(self, chips: list[dict]) -> list[dict]:
        groups: dict[str, dict] = {}
        for chip in chips:
            group = groups.setdefault(
                chip["name"],
                {
                    "name": chip["name"],
                    "labels": [],
                    "url": query_string(self.request.GET, (chip["name"], None), page=None),
                },
            )
            group["labels"].append(chip["label"])
        return list(groups.values())


def document_queryset(user=None):
    """A published document (any document, as a preview, for staff `user`) with everything its page and its
    JSON show but its relations (DocumentObjectMixin adds those), in a fixed number of queries."""
    published = Document.objects.published()
    documents = Document.objects.visible_to(user) if user is not None else published
    # Two short lists of plain values ride on the document's row as JSON lists (a subquery each) instead of
    # costing a query each, to keep the page within its budget of 10 queries; DocumentObjectMixin reads them.
    languages = json_rows(Language.objects, "documents", "code", "name")
    numbers = json_rows(RegistrationNumber.objects, "document", "register", "number")
    return (
        documents.select_related("summit", "summit__series")
        .annotate(language_rows=languages, number_rows=numbers)
        .prefetch_related(
            "topics",
            "sources",
            # Each list with the records it names joined in, rather than one more query per relation.
            Prefetch("attachments", queryset=Attachment.objects.select_related("language")),
            Prefetch("document_parties", queryset=DocumentParty.objects.select_related("party")),
            Prefetch("signatures", queryset=Signature.objects.select_related("person", "party")),
            Prefetch("status_events", queryset=StatusEvent.objects.select_related("party", "source")),
            "targets",
        )
    )


class DocumentObjectMixin:
    """The document of document_queryset() with what it cannot prefetch: the relations in both directions
    (one query rather than one per direction) and its languages and registration numbers read off its row."""

    def get_object(self, queryset=None):
        document = super().get_object(queryset)
        # The JSON lists come in no set order (and as NULL when empty): sorted here as the models order them.
        document.authentic_languages = [
            Language(code=code, name=name) for code, name in sorted(document.language_rows or [])
        ]
        document.registrations = [
            RegistrationNumber(register=register, number=number)
            for register, number in sorted(document.number_rows or [])
        ]
        # Both directions in one query, split here; only published documents are linked.
        published = Document.objects.published()
        relations = list(
            DocumentRelation.objects.filter(
                Q(from_document=document, to_document__in=published)
                | Q(to_document=document, from_document__in=published)
            ).select_related("from_document", "to_document")
        )
        document.outgoing_relations = [relation for relation in relations if relation.from_document_id == document.pk]
        document.incoming_relations = [relation for relation in relations if relation.to_document_id == document.pk]
        return document


class DocumentDetailView(DocumentObjectMixin, PreviewMixin, DetailView):
    template_name = "registry/document_detail.html"

    def get_queryset(self):
        return document_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context["citation"] = document_formats.citation(document, self.request)
        context["bibtex"] = document_formats.bibtex(document, self.request)
        context["json_ld"] = document_formats.json_ld_script(document, self.request)
        return context


class DocumentJsonView(DocumentObjectMixin, DetailView):
    """/documents/SLUG.json: the document as JSON, the fields of its page."""

    def get_queryset(self):
        return document_queryset()

    def render_to_response(self, context, **response_kwargs):
        data = document_formats.as_json(self.object, self.request)
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})


class SummitListView(ListView):
    """Summits under SummitFilterSet, with facet counts; a bad value is answered 400 with the form's message."""

    paginate_by = 20
    template_name = "registry/summit_list.html"

    def get(self, request, *args, **kwargs):
        self.filterset = SummitFilterSet(request.GET, queryset=Summit.objects.published())
        if not self.filterset.is_valid():
            self.object_list = Summit.objects.none()
            context = self.get_context_data(filterset=self.filterset, facets={})
            return self.render_to_response(context, status=400)
        try:
            return super().get(request, *args, **kwargs)
        except Http404:  # a page past the end is a bad value too
            page = request.GET.get("page")
            self.filterset.form.add_error("page", _("“%(value)s” is past the last page.") % {"value": page})
            self.object_list, self.paginate_by = Summit.objects.none(), None
            return self.render_to_response(self.get_context_data(filterset=self.filterset, facets={}), status=400)

    def get_queryset(self):
        return self.filterset.qs.for_listing()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("filterset", self.filterset)
        if "facets" not in kwargs:
            kwargs["facets"] = self.filterset.facets()
        return super().get_context_data(**kwargs)


class SummitDetailView(PreviewMixin, RedirectRetiredSlugMixin, DetailView):
    template_name = "registry/summit_detail.html"

    def get_queryset(self):
        return (
            Summit.objects.visible_to(self.request.user)
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
                # The page shows only each target's latest observation: annotated, not prefetched.
                Prefetch("targets", queryset=Target.objects.with_latest_observation()),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["previous"], context["next"] = self.object.neighbours_in_series()
        return context


class SeriesDetailView(RedirectRetiredSlugMixin, DetailView):
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


def document_listing(**preselected: list[str]) -> dict:
    """The first page of /documents/ with some filters pre-selected, and the link to that full search."""
    query = QueryDict(mutable=True)
    for name, values in preselected.items():
        query.setlist(name, values)
    filterset = DocumentFilterSet(query, queryset=Document.objects.published())
    return {
        "documents": filterset.qs.for_listing()[: filterset.page_size],
        "documents_search_url": f"{reverse('document-list')}?{query.urlencode()}",
    }


class PartyListView(ListView):
    queryset = Party.objects.filter(parent__isnull=True).for_listing().order_by("kind", "name")
    paginate_by = 50
    template_name = "registry/party_list.html"


PARTNERS_SHOWN = 30
SUMMITS_SHOWN = 20


class PartyDetailView(RedirectRetiredSlugMixin, DetailView):
    queryset = Party.objects.select_related("parent").prefetch_related("children")
    template_name = "registry/party_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        party = self.object
        context.update(document_listing(party=[party.slug]))
        context["partners"] = Party.objects.partners_of(party)[:PARTNERS_SHOWN]
        # The newest summits only: a busy state attends thousands; the link leads to all of them.
        context["summits"] = Summit.objects.published().filter(participants=party).for_listing()[:SUMMITS_SHOWN]
        context["summits_shown"] = SUMMITS_SHOWN
        context["summits_search_url"] = f"{reverse('summit-list')}?{urlencode({'party': party.slug})}"
        return context


class PersonListView(ListView):
    queryset = Person.objects.select_related("party")
    paginate_by = 50
    template_name = "registry/person_list.html"


class PersonDetailView(RedirectRetiredSlugMixin, DetailView):
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
        context.update(document_listing(topic=[topic.key]))
        return context


class TargetListView(ListView):
    queryset = Target.objects.for_listing()
    paginate_by = 50
    template_name = "registry/target_list.html"


class TargetDetailView(RedirectRetiredSlugMixin, DetailView):
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
