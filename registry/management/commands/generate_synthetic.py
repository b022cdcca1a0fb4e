"""Fill an empty database with a deterministic synthetic registry for benchmarks (see registry/synthetic.py)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from registry import synthetic


class Command(BaseCommand):
    help = "Generate N synthetic documents with their parties, people, summits and signatures (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, required=True, help="how many documents (1,000,000 at scale)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same registry")
        parser.add_argument("--replace", action="store_true", help="delete every registry record first")

    def handle(self, *args, documents: int, seed: int, replace: bool, **options):
        if replace:
            synthetic.clear_registry()
        started = time.monotonic()

        def progress(stage: str, done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            width = 30
            filled = int(width * done / max(total, 1))
            line = f"\r{stage:<28} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} ({rate:,.0f}/s)"
            self.stdout.write(line, ending="\n" if done >= total else "")
            sys.stdout.flush()

        try:
            counts = synthetic.generate(documents, seed, progress)
        except synthetic.GenerationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts.documents:,} documents, {counts.document_parties:,} document parties, "
                f"{counts.signatures:,} signatures, {counts.status_events:,} status events, {counts.summits:,} "
                f"summits, {counts.series:,} series, {counts.people:,} people, {counts.parties:,} parties in "
                f"{counts.seconds:.1f} s ({counts.documents / counts.seconds:,.0f} documents/s)"
            )
        )
