"""Drafts: a 404 to the public, a clearly marked preview to staff.

Use in a detail view of a publishable record (Document, Summit):

    class DocumentDetailView(PreviewMixin, DetailView):
        def get_queryset(self):
            return Document.objects.visible_to(self.request.user).select_related(...)

`visible_to(user)` (models.PublishableQuerySet) gives the public published records only and staff who may
view the model in the admin every record. For an unpublished record the mixin sets `preview` in the
context (base.html shows the banner) and keeps the page out of caches and search engines.
"""

from django.utils.cache import patch_cache_control


class PreviewMixin:
    """Marks an unpublished record's page as a staff preview: context flag, no caching, no indexing."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = not self.object.is_published
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("preview"):
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex"
        return response
