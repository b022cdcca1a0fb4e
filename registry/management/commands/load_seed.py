"""Load the seed summit (fixtures/seed.json) into an empty registry; never over an editor's work."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from registry.models import Document


class Command(BaseCommand):
    help = "Load fixtures/seed.json unless the registry already holds documents."

    def handle(self, *args, **options):
        if Document.objects.exists():
            self.stdout.write("The registry already holds documents; the seed was not loaded over them.")
            return
        call_command("loaddata", "seed", verbosity=0)
        call_command("populate_history", auto=True, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded the seed: {Document.objects.count()} documents."))
