"""Choosing the language of a request."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import reverse
from django.utils import translation


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that the admin speaks the editor's chosen language (cookie, then the browser's).

    Public pages carry their language in the URL; with English unprefixed, Django gives every other
    unprefixed URL English too, which would leave the admin in English whatever the editor chose.
    """

    def process_request(self, request) -> None:
        super().process_request(request)
        if request.path_info.startswith(reverse("admin:index")):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
