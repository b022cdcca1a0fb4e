"""/sitemap.xml: an index of one section per record type, every URL in each of the five languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from registry.models import Document, MeetingSeries, Party, Person, Summit, Target, Topic


class RecordSitemap(Sitemap):
    """Published records of one model, newest change as lastmod; each URL with its language alternates."""

    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # x5 languages stays under the protocol's 50,000 URLs per file

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset.all()  # a fresh clone: the module-level queryset must never cache rows

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    """The listing pages that are not records."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "document-list", "summit-list", "party-list", "person-list", "target-list", "stats"]

    def location(self, item: str) -> str:
        return reverse(item)


def only_urls(queryset):
    # A sitemap needs the slug (or key) and the date only; at a million documents the rest would be waste.
    return queryset.only("pk", "slug", "updated_at").order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "documents": RecordSitemap(only_urls(Document.objects.published())),
    "summits": RecordSitemap(only_urls(Summit.objects.published())),
    "series": RecordSitemap(only_urls(MeetingSeries.objects.all())),
    "parties": RecordSitemap(only_urls(Party.objects.all())),
    "people": RecordSitemap(only_urls(Person.objects.all())),
    "targets": RecordSitemap(only_urls(Target.objects.all())),
    "topics": RecordSitemap(Topic.objects.only("pk", "key", "updated_at").order_by("pk")),
}
