"""Production settings: Django's deployment checklist passes, cookies are HTTPS-only, HSTS and the redirect are on."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "kelisim.example"}


def clean_environment() -> dict[str, str]:
    """This process's environment without the settings under test nor the browser tests' async switch."""
    unwanted = ("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    return {key: value for key, value in os.environ.items() if not key.startswith(unwanted)}


def run(args, **env):
    environment = clean_environment()
    environment |= PRODUCTION | env
    return subprocess.run([sys.executable, *args], env=environment, cwd=ROOT, capture_output=True, text=True)


def test_the_deployment_checklist_passes_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "warning"),
    [
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECURE_SSL_REDIRECT": "false"}, "security.W008"),
        ({"SECURE_COOKIES": "false"}, "security.W012"),
    ],
)
def test_the_deployment_checklist_fails_when_a_protection_is_turned_off(env, warning):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode != 0 and warning in result.stderr + result.stdout


def test_production_settings_turn_on_https_only_cookies_hsts_and_the_redirect():
    code = (
        "import json; from registry import settings as s; print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "getattr(s, 'SECURE_PROXY_SSL_HEADER', None), s.STORAGES['staticfiles']['BACKEND']]))"
    )
    debug, session, csrf, redirect, hsts, proxy, static = json.loads(run(["-c", code]).stdout)
    assert (debug, session, csrf, redirect) == (False, True, True, True)
    assert hsts >= 31_536_000 and proxy is None
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    behind_proxy = json.loads(run(["-c", code], BEHIND_PROXY="true").stdout)
    assert behind_proxy[5] == ["HTTP_X_FORWARDED_PROTO", "https"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_site_and_its_static_files_with_production_settings(tmp_path):
    """What `make serve` runs: collectstatic, then gunicorn with DEBUG off; WhiteNoise serves the static files."""
    env = {"STATIC_ROOT": str(tmp_path / "static"), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env |= {"SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1"}
    assert run(["manage.py", "collectstatic", "--no-input", "--verbosity", "0"], **env).returncode == 0
    port = free_port()
    environment = clean_environment()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "registry.wsgi", "--bind", f"127.0.0.1:{port}"],
        env=environment | PRODUCTION | env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                login = urllib.request.urlopen(f"{base}/admin/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        assert login.status == 200 and login.headers["Server"].startswith("gunicorn")
        assert "Secure" in login.headers["Set-Cookie"]
        stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]+\.css)"', login.read().decode()).group(1)
        static = urllib.request.urlopen(base + stylesheet, timeout=5)
        assert static.status == 200 and "immutable" in static.headers["Cache-Control"]
        forged = urllib.request.Request(f"{base}/admin/login/", headers={"Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refusal:
            urllib.request.urlopen(forged, timeout=5)
        assert refusal.value.code == 400
    finally:
        server.terminate()
        server.wait(timeout=10)
