"""Root URLs. Public pages are served in English without a prefix and under /tr/, /ru/, /kk/, /ky/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from registry import views

public = [
    path("", views.HomeView.as_view(), name="home"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("documents/<slug:slug>.json", views.DocumentJsonView.as_view(), name="document-json"),
    path("summits/", views.SummitListView.as_view(), name="summit-list"),
    path("summits/<slug:slug>/", views.SummitDetailView.as_view(), name="summit-detail"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("parties/", views.PartyListView.as_view(), name="party-list"),
    path("parties/<slug:slug>/", views.PartyDetailView.as_view(), name="party-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("targets/", views.TargetListView.as_view(), name="target-list"),
    path("targets/<slug:slug>/", views.TargetDetailView.as_view(), name="target-detail"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *i18n_patterns(*public, prefix_default_language=False),
]
