"""Add published documents (each with two state parties) with bulk inserts until there are N; no history.

For load measurements only:  python manage.py shell -c "import bench.fill_documents as f; f.fill(100000)"
"""

import datetime

from django.db import transaction

from registry import models


def fill(total: int, batch: int = 5000) -> int:
    """Bulk-create documents until `total` exist; returns how many were added."""
    states = list(models.Party.objects.filter(kind="state").order_by("pk")[:40])
    if len(states) < 2:
        states = [
            models.Party.objects.create(key=f"F{chr(65 + n)}", slug=f"fill-{n}", kind="state", name_en=f"State {n}")
            for n in range(2)
        ]
    first = models.Document.objects.count()
    added = 0
    while first + added < total:
        size = min(batch, total - first - added)
        # One transaction per batch: a published document must have its parties by commit (PostgreSQL).
        with transaction.atomic():
            _batch(states, first + added, size)
        added += size
    return added


def _batch(states: list, first: int, size: int) -> None:
    documents = models.Document.objects.bulk_create(
        models.Document(
            key=f"fill-{first + n}",
            slug=f"fill-{first + n}",
            kind="agreement",
            title=f"Agreement {first + n}",
            title_en=f"Agreement {first + n}",
            signed_on=datetime.date(1990 + n % 35, 1 + n % 12, 1 + n % 28),
            publication_state="published",
        )
        for n in range(size)
    )
    models.DocumentParty.objects.bulk_create(
        models.DocumentParty(document=document, party=states[(i + k) % len(states)])
        for i, document in enumerate(documents)
        for k in (0, 1)
    )
