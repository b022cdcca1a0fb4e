"""Atom feeds: new documents (for any /documents/ query) and new summits."""

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from registry.filters import DocumentFilterSet
from registry.models import Document, Summit

FEED_LENGTH = 50


class NewDocumentsFeed(Feed):
    """The newest published documents matching the query string, as /documents/ would filter them."""

    feed_type = Atom1Feed
    subtitle = _("Documents newly published in the registry.")

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filterset = DocumentFilterSet(request.GET, queryset=Document.objects.published())
        if not filterset.is_valid():
            # The same message /documents/ gives beside the field, as plain text.
            errors = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items())
            return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
        request.document_filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> HttpRequest:
        # The "object" of this feed is the query: the request carries it (checked above) to the methods below.
        return request

    def title(self, request: HttpRequest) -> str:
        return _("Kelisim: new documents")

    def link(self, request: HttpRequest) -> str:
        query = request.GET.urlencode()
        return reverse("document-list") + (f"?{query}" if query else "")

    def items(self, request: HttpRequest) -> QuerySet[Document]:
        documents = request.document_filterset.qs.for_listing()
        return documents.order_by("-published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        return item.summary or f"{item.get_kind_display()}, {item.signed_on_display}"

    def item_pubdate(self, item: Document):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Document):
        return item.updated_at


class NewSummitsFeed(Feed):
    """The newest published summits."""

    feed_type = Atom1Feed
    title = _("Kelisim: new summits")
    subtitle = _("Summits newly published in the registry.")

    def link(self) -> str:
        return reverse("summit-list")

    def items(self) -> QuerySet[Summit]:
        return Summit.objects.published().order_by("-published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item: Summit) -> str:
        return item.name

    def item_description(self, item: Summit) -> str:
        return f"{item.dates_display}, {item.city}" if item.city else item.dates_display

    def item_pubdate(self, item: Summit):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Summit):
        return item.updated_at
