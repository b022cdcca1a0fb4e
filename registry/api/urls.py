"""/api/v1/: the records, the OpenAPI schema and its browsable docs (Swagger UI and Redoc, no CDN)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from registry.api import views

router = DefaultRouter()
router.register("documents", views.DocumentViewSet, basename="api-document")
router.register("summits", views.SummitViewSet, basename="api-summit")
router.register("series", views.SeriesViewSet, basename="api-series")
router.register("parties", views.PartyViewSet, basename="api-party")
router.register("people", views.PersonViewSet, basename="api-person")
router.register("topics", views.TopicViewSet, basename="api-topic")
router.register("targets", views.TargetViewSet, basename="api-target")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include(router.urls)),
]
