"""Write a backup zip: the database (portable JSON) and the attachment files."""

from pathlib import Path

from django.core.management.base import BaseCommand

from registry.backup import write_backup


class Command(BaseCommand):
    help = "Back up the database and the attachments into one zip (restore it with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the zip file to write, e.g. kelisim-2026-11-29.zip")

    def handle(self, *args, path: Path, **options):
        manifest = write_backup(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path}: {sum(manifest['rows'].values())} rows of {len(manifest['rows'])} tables, "
                f"{len(manifest['files'])} files, data sha256 {manifest['data_sha256']}"
            )
        )
