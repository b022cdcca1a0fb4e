"""Public pages: thin generic views over the QuerySet vocabulary of models.py."""

from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView, TemplateView

from registry.models import (
    Document,
    MeetingSeries,
    Party,
    Person,
    Signature,
    Summit,
    Target,
    Topic,
)
from registry.preview import PreviewMixin


class HomeView(TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_summits"] = Summit.objects.published().for_listing()[:5]
        context["latest_documents"] = Document.objects.published().for_listing()[:10]
        return context


class DocumentListView(ListView):
    queryset = Document.objects.published().for_listing()
    paginate_by = 20
    template_name = "registry/document_list.html"


class DocumentDetailView(PreviewMixin, DetailView):
    template_name = "registry/document_detail.html"

    def get_queryset(self):
        return (
            Document.objects.visible_to(self.request.user)
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


class SummitDetailView(PreviewMixin, DetailView):
    template_name = "registry/summit_detail.html"

    def get_queryset(self):
        return (
            Summit.objects.visible_to(self.request.user)
            .select_related("series", "host")
            .prefetch_related(
                "participants",
                "sources",
                "leaders__person",
                "leaders__party",
                Prefetch("documents", queryset=Document.objects.published().order_by("kind", "pk")),
                "honours__recipient",
                "honours__conferred_by",
                "targets",
            )
        )


class SeriesDetailView(DetailView):
    queryset = MeetingSeries.objects.prefetch_related(
        "members",
        Prefetch(
            "summits",
            queryset=Summit.objects.published()
            .annotate(document_count=Count("documents", filter=Q(documents__publication_state="published")))
            .order_by("ordinal", "start_date"),
        ),
    )
    template_name = "registry/series_detail.html"


class PartyListView(ListView):
    queryset = Party.objects.filter(parent__isnull=True)
    paginate_by = 50
    template_name = "registry/party_list.html"


class PartyDetailView(DetailView):
    queryset = Party.objects.select_related("parent").prefetch_related("children")
    template_name = "registry/party_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = Document.objects.published().filter(parties=self.object).for_listing()[:50]
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
        context["signatures"] = (
            Signature.objects.filter(person=self.object, document__publication_state="published")
            .select_related("document", "party")
            .order_by("-document__signed_on")
        )
        context["summits"] = Summit.objects.published().filter(leaders__person=self.object).for_listing()
        return context


class TopicDetailView(DetailView):
    model = Topic
    slug_field = "key"
    template_name = "registry/topic_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = Document.objects.published().filter(topics=self.object).for_listing()[:50]
        return context


class TargetListView(ListView):
    queryset = Target.objects.select_related("set_at_summit").prefetch_related("parties", "observations")
    template_name = "registry/target_list.html"


class TargetDetailView(DetailView):
    queryset = Target.objects.select_related("set_at_summit", "set_in_document").prefetch_related(
        "parties", "observations", "sources"
    )
    template_name = "registry/target_detail.html"
