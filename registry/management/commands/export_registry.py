"""Export the whole registry in the exchange format, canonically (stable order, sorted keys)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from registry.exchange import export_registry


class Command(BaseCommand):
    help = "Write the registry as a kelisim/1 exchange-format file (to FILE, or to standard output)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write; standard output when left out")
        parser.add_argument(
            "--published-only", action="store_true", help="leave out draft and withdrawn summits and documents"
        )

    def handle(self, *args, file: str | None, published_only: bool, verbosity: int, **options):
        def progress(section: str, done: int, total: int) -> None:
            if verbosity >= 1 and file:
                self.stderr.write(f"  {section}: {done}/{total}")

        if not file:
            export_registry(sys.stdout, published_only=published_only)
            return
        try:
            with open(file, "w", encoding="utf-8", newline="\n") as out:
                export_registry(out, published_only=published_only, progress=progress)
        except OSError as error:
            raise CommandError(f"cannot write {file}: {error.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"Exported the registry to {file}"))
