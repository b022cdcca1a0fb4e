"""Import an exchange-format file: everything or, when any error is found, nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.exchange import import_file


class Command(BaseCommand):
    help = "Import a kelisim/1 exchange-format file (all or nothing); --dry-run reports without writing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file to import")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")

    def handle(self, *args, file: str, dry_run: bool, verbosity: int, **options):
        try:
            content = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None

        def progress(section: str, done: int, total: int) -> None:
            if verbosity >= 1:
                self.stderr.write(f"  {section}: {done}/{total}")

        report = import_file(content, dry_run=dry_run, progress=progress)
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(report.errors)} error(s): nothing was imported")
        prefix = "Dry run, nothing written. Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{prefix}: {report.summary()}"))
