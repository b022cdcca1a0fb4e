"""Restore a backup zip into an empty, migrated database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a zip written by `backup` into a new database (run `migrate` first); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the zip file written by `backup`")

    def handle(self, *args, path: Path, **options):
        try:
            manifest = restore_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} (taken {manifest['created_at']}): {sum(manifest['rows'].values())} rows, "
                f"{len(manifest['files'])} files"
            )
        )
