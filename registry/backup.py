"""Backups: the whole database as Django's portable JSON plus the attachment files, in one zip.

The JSON uses natural keys (users, groups, permissions by name, not by number), so a backup taken on SQLite
restores on PostgreSQL and the other way round. Sign-in lockouts (axes), sessions, content types and
permissions are not kept: `migrate` recreates the last two and the others are meant to expire.
"""

import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from registry.search import rebuild_search_index

FORMAT = "kelisim-backup"
FORMAT_VERSION = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
MEDIA_FOLDERS = ["attachments"]


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why."""


def export_data() -> str:
    """Every kept table as dumpdata JSON, in a stable order (the same database gives the same text)."""
    output = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        natural_primary=True,
        indent=1,
        stdout=output,
    )
    return output.getvalue()


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def media_files() -> list[str]:
    """The stored names of every file under the media folders the site writes to."""
    found = []
    pending = [folder for folder in MEDIA_FOLDERS if default_storage.exists(folder)]
    while pending:
        folder = pending.pop()
        directories, files = default_storage.listdir(folder)
        found += [f"{folder}/{name}" for name in files]
        pending += [f"{folder}/{name}" for name in directories]
    return sorted(found)


def write_backup(path: Path) -> dict:
    """Write the database and the attachments to a zip at `path`; return its manifest."""
    data = export_data()
    counts: dict[str, int] = {}
    for record in json.loads(data):
        counts[record["model"]] = counts.get(record["model"], 0) + 1
    files = media_files()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "data_sha256": checksum(data),
        "rows": counts,
        "files": files,
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
        archive.writestr("data.json", data)
        for name in files:
            with default_storage.open(name, "rb") as file:
                archive.writestr(f"media/{name}", file.read())
    return manifest


def safe_media_name(member: str) -> str:
    """The storage name of a zip member under media/, refusing anything that could land elsewhere."""
    path = PurePosixPath(member)
    parts = path.parts
    if path.is_absolute() or ".." in parts or "\\" in member or len(parts) < 3 or parts[1] not in MEDIA_FOLDERS:
        raise BackupError(f"The backup holds a file outside the media folders: {member!r}")
    return "/".join(parts[1:])


def registry_is_empty() -> bool:
    """True when no record of the registry exists (the languages seeded by a migration do not count)."""
    return not any(
        model.objects.exists()
        for model in apps.get_app_config("registry").get_models()
        if model._meta.model_name != "language" and not model._meta.model_name.startswith("historical")
    )


def restore_backup(path: Path) -> dict:
    """Load a backup into an empty, migrated database and put its files back; all or nothing."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{path} is not a backup zip: {error}") from None
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
            data = archive.read("data.json").decode()
        except (KeyError, ValueError) as error:
            raise BackupError(f"{path} is not a Kelisim backup: {error}") from None
        if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"{path} is not a Kelisim backup of format version {FORMAT_VERSION}")
        if checksum(data) != manifest["data_sha256"]:
            raise BackupError(f"{path} is damaged: its data does not match the checksum in its manifest")
        members = {safe_media_name(name): name for name in archive.namelist() if name.startswith("media/")}
        if not registry_is_empty():
            raise BackupError("The database already holds records: restore into a new database after `migrate`.")
        with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "data.json"
            fixture.write_text(data)
            call_command("loaddata", str(fixture), verbosity=0)
            # loaddata bypasses the signals that keep the full-text index; it is derived data, rebuilt here.
            rebuild_search_index()
            for name, member in members.items():
                if default_storage.exists(name):
                    default_storage.delete(name)
                stored = default_storage.save(name, ContentFile(archive.read(member)))
                if stored != name:
                    raise BackupError(f"Could not put {name} back under its own name")
    return manifest
