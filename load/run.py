"""`make load`: 50 simulated visitors for 60 s against gunicorn on 127.0.0.1, over synthetic data.

    python load/run.py [--documents 10000] [--users 50] [--seconds 60] [--port 8901]

Fills the database named by LOAD_DATABASE_URL (default: the local PostgreSQL's kelisim_load) with
`manage.py generate_synthetic` unless it already holds that many documents, serves the site with gunicorn
(DEBUG off) on loopback, runs locust headless from its own virtualenv (load/.venv, requirements-load.txt),
prints locust's summary and exits non-zero when any request failed.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
LOCUST = ROOT / "load" / ".venv" / "bin" / "locust"
SECRET_KEY = "load-test-only-secret-key-not-for-production"  # noqa: S105 (a throwaway server on loopback)


def manage(env: dict, *args: str) -> str:
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [str(PYTHON), "manage.py", *args], env=env, cwd=ROOT, check=True, text=True, stdout=subprocess.PIPE
    ).stdout


def document_count(env: dict) -> int:
    code = "from registry.models import Document; print(Document.objects.count())"
    return int(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def wait_until_up(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback, our own server)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8901)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    database = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kelisim_load")
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(ROOT / "load" / ".static"),
        # Plain HTTP on loopback: production settings would otherwise redirect every request to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        # One cache for the workers, as in production (CACHE_DIR); emptied for every run.
        "CACHE_DIR": str(ROOT / "load" / ".cache"),
        "LOG_LEVEL": "WARNING",
    }
    shutil.rmtree(env["CACHE_DIR"], ignore_errors=True)
    if database.startswith("postgres"):
        name = database.rsplit("/", 1)[1]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], stderr=subprocess.DEVNULL)  # noqa: S603, S607
    manage(env, "migrate", "--no-input", "-v", "0")
    if document_count(env) != args.documents:
        print(f"Generating {args.documents:,} synthetic documents ...", flush=True)
        manage(env, "generate_synthetic", "--documents", str(args.documents), "--seed", "9", "--replace")
    manage(env, "collectstatic", "--no-input", "-v", "0")

    results = ROOT / "load" / "results"
    results.mkdir(exist_ok=True)
    server = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "registry.wsgi", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{args.port}/")
        print(f"locust: {args.users} users for {args.seconds} s on 127.0.0.1:{args.port}", flush=True)
        locust = subprocess.run(  # noqa: S603
            [str(LOCUST), "-f", str(ROOT / "load" / "locustfile.py"), "--headless", "--only-summary",
             "--users", str(args.users), "--spawn-rate", "10", "--run-time", f"{args.seconds}s",
             "--stop-timeout", "10", "--host", f"http://127.0.0.1:{args.port}",
             "--csv", str(results / "load")],
            cwd=ROOT, timeout=args.seconds + 120,
        )  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return locust.returncode


if __name__ == "__main__":
    sys.exit(main())
