"""Root URLs. Public pages are served in English without a prefix and under /tr/, /ru/, /kk/, /ky/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from registry import changes, downloads, views
from registry.api.urls import urlpatterns as api_urls
from registry.conditional import public_page
from registry.feeds import NewDocumentsFeed, NewSummitsFeed
from registry.sitemaps import SITEMAPS

public = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("documents/<slug:slug>.json", views.DocumentJsonView.as_view(), name="document-json"),
    path("summits/", public_page(views.SummitListView.as_view()), name="summit-list"),
    path("summits/<slug:slug>/", public_page(views.SummitDetailView.as_view()), name="summit-detail"),
    path("series/<slug:slug>/", public_page(views.SeriesDetailView.as_view()), name="series-detail"),
    path("parties/", public_page(views.PartyListView.as_view()), name="party-list"),
    path("parties/<slug:slug>/", public_page(views.PartyDetailView.as_view()), name="party-detail"),
    path("people/", public_page(views.PersonListView.as_view()), name="person-list"),
    path("people/<slug:slug>/", public_page(views.PersonDetailView.as_view()), name="person-detail"),
    path("topics/<slug:slug>/", public_page(views.TopicDetailView.as_view()), name="topic-detail"),
    path("targets/", public_page(views.TargetListView.as_view()), name="target-list"),
    path("targets/<slug:slug>/", public_page(views.TargetDetailView.as_view()), name="target-detail"),
    path("stats/", public_page(views.StatsView.as_view()), name="stats"),
    path("feeds/documents/", public_page(NewDocumentsFeed()), name="feed-documents"),
    path("feeds/summits/", public_page(NewSummitsFeed()), name="feed-summits"),
    path("changes/", changes.ChangeLogView.as_view(), name="changes"),
    path("changes/feed/", changes.ChangesFeed(), name="changes-feed"),
    path("documents.csv", downloads.documents_csv, name="documents-csv"),
    path("documents.json", downloads.documents_json, name="documents-json"),
    path("summits.csv", downloads.summits_csv, name="summits-csv"),
    path("parties.csv", downloads.parties_csv, name="parties-csv"),
    path("people.csv", downloads.people_csv, name="people-csv"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_urls)),
    path("data/kelisim.json", downloads.full_dump, name="full-dump"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", public_page(sitemap_views.index), {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    *i18n_patterns(*public, prefix_default_language=False),
]
