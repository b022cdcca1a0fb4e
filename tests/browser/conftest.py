"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Playwright's own browser download does not work everywhere, so the tests use the system Chromium. Without
one they are skipped with the reason; under CI (CI=true) a missing browser is a failure instead.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots go here (not committed); the path is printed at the end of the run.
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))

# The live server runs in a thread beside Playwright's sync API, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI requires Chromium for the browser tests, and none is at {CHROMIUM}")
    skip = pytest.mark.skip(reason="no Chromium installed (apt-get install chromium chromium-driver)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's base URL, with the seed loaded (transactional: the server thread must see it)."""
    from django.core.management import call_command

    call_command("loaddata", "seed", verbosity=0)
    return live_server.url


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield ARTIFACTS
    print(f"\nbrowser screenshots: {ARTIFACTS}")
