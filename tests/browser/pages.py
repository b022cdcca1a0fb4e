"""One address per public page type, on the seed; the accessibility and phone tests visit them all."""

# Each named public URL with the seed record it opens; a page type added without an entry here fails
# test_every_public_page_type_is_checked, so no page escapes the checks.
SEED_PAGES = {
    "home": "/",
    "document-list": "/documents/?q=trade",
    "document-detail": "/documents/kg-kz-trade-roadmap/",
    "summit-list": "/summits/",
    "summit-detail": "/summits/kg-kz-sic-7/",
    "series-detail": "/series/kg-kz-supreme-interstate-council/",
    "party-list": "/parties/",
    "party-detail": "/parties/kyrgyzstan/",
    "person-list": "/people/",
    "person-detail": "/people/sadyr-japarov/",
    "topic-detail": "/topics/trade/",
    "target-list": "/targets/",
    "target-detail": "/targets/kg-kz-trade-3bn-2030/",
    "stats": "/stats/",
    "changes": "/changes/",
}
# Addresses that are not pages for people (feeds, JSON, CSV) are not page types.
NOT_PAGES = {
    "feed-documents",
    "feed-summits",
    "changes-feed",
    "document-json",
    "documents-csv",
    "documents-json",
    "summits-csv",
    "parties-csv",
    "people-csv",
}
# Pages beside the named ones: the page for an address that does not exist.
EXTRA_PAGES = {"not-found": "/no-such-page/"}


def all_pages() -> dict[str, str]:
    return {**SEED_PAGES, **EXTRA_PAGES}


def in_language(path: str, language: str) -> str:
    """The same page under a language prefix; English has none."""
    return path if language == "en" else f"/{language}{path}"
