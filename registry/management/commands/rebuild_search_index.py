"""Rebuild every document's search text (after a bulk change made without the model's signals)."""

from django.core.management.base import BaseCommand

from registry.search import rebuild_search_index


class Command(BaseCommand):
    help = "Rebuild the full-text search text of every document."

    def handle(self, *args, **options):
        count = rebuild_search_index()
        self.stdout.write(f"Rebuilt the search text of {count} documents.")
