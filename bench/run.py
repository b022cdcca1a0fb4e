"""Benchmark Kelisim on a synthetic registry, optionally side by side with Datasette on the same records.

    python bench/run.py --documents 20000 [--database URL] [--json OUT] [--vs-datasette]

Creates the data when the database does not hold exactly N synthetic documents (manage.py
generate_synthetic), serves the site with gunicorn on 127.0.0.1, and measures each scenario: latency
percentiles at concurrency 1, requests per second at concurrency 1 and 8, SQL queries per request (from
the X-Query-Count header that QUERY_COUNT_HEADER turns on), and the server's memory growth while streaming
a 100,000-row CSV. With --vs-datasette the same records go into SQLite with a full-text index, Datasette
(from requirements-bench.txt, in its own virtualenv) serves them, and each scenario runs on both servers in
turn. Everything is bounded in time and listens on loopback only.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
DATASETTE_VENV = BENCH / ".venv-datasette"
SECRET_KEY = "benchmark-only-secret-key-not-for-production"  # noqa: S105 (a throwaway server on loopback)


@dataclass
class Scenario:
    name: str
    kelisim: str | None
    datasette: str | None = None
    admin: bool = False
    csv: bool = False


@dataclass
class Measure:
    status: int = 0
    queries: int | None = None  # SQL queries of a repeat request (the page is then served from the cache)
    first_queries: int | None = None  # SQL queries of the first request
    first_ms: float | None = None  # the first request: nothing cached yet for this URL
    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    rps1: float | None = None
    rps8: float | None = None
    samples: int = 0
    errors: int = 0
    bytes: int = 0
    rows: int | None = None
    seconds: float | None = None
    memory_growth_mb: float | None = None
    note: str = ""


@dataclass
class Result:
    scenario: str
    kelisim: Measure
    datasette: Measure | None = None
    ratio_rps8: float | None = None
    extra: dict = field(default_factory=dict)


# --- the data -------------------------------------------------------------------------------------------


def manage(database: str, *args: str, quiet: bool = False) -> str:
    env = {**os.environ, "DATABASE_URL": database}
    completed = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [str(PYTHON), str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True, text=True,
        stdout=subprocess.PIPE if quiet else None,
    )  # fmt: skip
    return completed.stdout or ""


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    os.environ["SECRET_KEY"] = SECRET_KEY
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_database(database: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet (a clean clone has none)."""
    url = urllib.parse.urlsplit(database)
    if not url.scheme.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    name = url.path.lstrip("/")
    with psycopg.connect(database.rsplit("/", 1)[0] + "/postgres", autocommit=True) as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Creating the database {name} ...")
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure_data(database: str, documents: int, seed: int, migrate: bool = True) -> None:
    """Migrate, and generate the registry unless it holds exactly this many documents already."""
    ensure_database(database)
    if migrate:
        manage(database, "migrate", "--no-input", "-v", "0")
    from registry.models import Document

    have = Document.objects.count()
    if have == documents:
        print(f"Reusing the {have:,} documents in the database.")
        return
    print(f"Generating {documents:,} documents (the database holds {have:,})...")
    manage(database, "generate_synthetic", "--documents", str(documents), "--seed", str(seed), "--replace")


def pick_values() -> dict[str, str]:
    """Realistic values for the scenarios: the busiest party, a summit with documents, a signatory, ..."""
    from django.db.models import Count

    from registry.models import Document, MeetingSeries, Party, Person, Summit

    published = Document.objects.published()
    party = Party.objects.annotate(n=Count("document_parties")).order_by("-n").first()
    summit = Summit.objects.published().annotate(n=Count("documents")).filter(n__gt=0).order_by("-n", "pk").first()
    series = MeetingSeries.objects.annotate(n=Count("summits")).order_by("-n", "pk").first()
    person = Person.objects.annotate(n=Count("signatures")).order_by("-n", "pk").first()
    # Among the first few thousand documents only: a GROUP BY over a million would take a while.
    first = published.filter(pk__in=list(published.order_by("pk").values_list("pk", flat=True)[:5000]))
    document = (
        first.annotate(n=Count("signatures", distinct=True), p=Count("document_parties", distinct=True))
        .filter(n__gte=2, p__gte=3)
        .order_by("pk")
        .first()
        or published.order_by("pk").first()
    )
    return {
        "party": party.slug,
        "party_id": str(party.pk),
        "summit": summit.slug if summit else "",
        "summit_id": str(summit.pk) if summit else "",
        "series": series.slug if series else "",
        "signatory": person.slug if person else "",
        "document": document.slug,
        "document_id": str(document.pk),
        "published": str(published.count()),
    }


def admin_session() -> str:
    """A logged-in session key for a benchmark superuser, without going through the login form."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    User = get_user_model()
    user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser("bench-admin", "", None)
    backends = settings.AUTHENTICATION_BACKENDS
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = next((b for b in backends if b.endswith("ModelBackend")), backends[-1])
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def scenarios(values: dict[str, str], documents: int) -> list[Scenario]:
    """Every scenario of the benchmark, with the equivalent Datasette request where one exists."""
    party, summit, series, signatory = values["party"], values["summit"], values["series"], values["signatory"]
    facets = "&_facet=kind&_facet=status&_facet=legal_nature&_facet_array=parties&_facet_array=topics"
    table = "/bench/documents"
    # A query of about 100,000 rows for the CSV: everything up to 150,000 documents, else one kind (~10%).
    csv_filter = "" if documents <= 150_000 else "kind=protocol"
    ds_csv_filter = "" if documents <= 150_000 else "kind=protocol&"
    return [
        Scenario("documents, first page", "/documents/", f"{table}?_sort_desc=signed_on{facets}"),
        Scenario("filter party", f"/documents/?party={party}",
                 f"{table}?parties__arraycontains={party}&_sort_desc=signed_on{facets}"),
        Scenario("filter kind", "/documents/?kind=memorandum", f"{table}?kind=memorandum&_sort_desc=signed_on{facets}"),
        Scenario("filter topic", "/documents/?topic=energy",
                 f"{table}?topics__arraycontains=energy&_sort_desc=signed_on{facets}"),
        Scenario("filter status", "/documents/?status=in_force",
                 f"{table}?status=in_force&_sort_desc=signed_on{facets}"),
        Scenario("filter legal_nature", "/documents/?legal_nature=binding",
                 f"{table}?legal_nature=binding&_sort_desc=signed_on{facets}"),
        Scenario("filter summit", f"/documents/?summit={summit}",
                 f"{table}?summit={summit}&_sort_desc=signed_on{facets}"),
        Scenario("filter series", f"/documents/?series={series}",
                 f"{table}?series={series}&_sort_desc=signed_on{facets}"),
        Scenario("filter signatory", f"/documents/?signatory={signatory}",
                 f"{table}?signatories__arraycontains={signatory}&_sort_desc=signed_on{facets}"),
        Scenario("filter signed_from/to", "/documents/?signed_from=2010&signed_to=2012-06",
                 f"{table}?signed_on__gte=2010-01-01&signed_on__lte=2012-06-30&_sort_desc=signed_on{facets}"),
        Scenario("filter language", "/documents/?language=tr",
                 f"{table}?languages__arraycontains=tr&_sort_desc=signed_on{facets}"),
        Scenario("three filters", f"/documents/?party={party}&kind=agreement&topic=trade",
                 f"{table}?parties__arraycontains={party}&kind=agreement&topics__arraycontains=trade"
                 f"&_sort_desc=signed_on{facets}"),
        # The quality bar: every MoU Kazakhstan signed with Kyrgyzstan on water in 2024, in Russian.
        Scenario("journalist: KZ-KG water MoUs 2024, ru",
                 "/ru/documents/?party=kazakhstan&party=kyrgyzstan&kind=memorandum&topic=water"
                 "&signed_from=2024&signed_to=2024",
                 f"{table}?parties__arraycontains=kazakhstan&parties__arraycontains=kyrgyzstan&kind=memorandum"
                 f"&topics__arraycontains=water&signed_on__gte=2024-01-01&signed_on__lte=2024-12-31"
                 f"&_sort_desc=signed_on{facets}"),
        Scenario("search common word", "/documents/?q=trade", f"{table}?_search=trade{facets}"),
        Scenario("search rare word", "/documents/?q=sericulture", f"{table}?_search=sericulture{facets}"),
        Scenario("search phrase", "/documents/?q=%22free+trade+zone%22",
                 f"{table}?_search=%22free+trade+zone%22&_searchmode=raw{facets}"),
        Scenario("search Cyrillic word", "/documents/?q=энергетики", f"{table}?_search=энергетики{facets}"),
        Scenario("sort by title", "/documents/?sort=title", f"{table}?_sort=title{facets}"),
        Scenario("page 500", "/documents/?page=500", None),
        Scenario("document page", f"/documents/{values['document']}/", f"{table}/{values['document_id']}"),
        Scenario("summit page", f"/summits/{summit}/", f"/bench/summits/{values['summit_id']}"),
        Scenario("party page", f"/parties/{party}/", f"/bench/parties/{values['party_id']}"),
        Scenario("API list with filters", f"/api/v1/documents/?party={party}&kind=agreement",
                 f"{table}.json?parties__arraycontains={party}&kind=agreement&_sort_desc=signed_on"),
        Scenario("CSV download (~100,000 rows)", f"/documents.csv?{csv_filter}",
                 f"{table}.csv?{ds_csv_filter}_stream=on&_size=max", csv=True),
        Scenario("admin document changelist", "/admin/registry/document/", None, admin=True),
    ]  # fmt: skip


# --- servers --------------------------------------------------------------------------------------------


class Server:
    def __init__(self, name: str, command: list[str], port: int, env: dict[str, str], log: Path):
        self.name, self.port = name, port
        self.log = open(log, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(  # noqa: S603 (our own commands)
            command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited at start; see {log}")
            try:
                get(port, "/robots.txt", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{name} did not answer on port {port} within 60 s; see {log}")

    def pids(self) -> list[int]:
        """The server's processes: gunicorn's workers (or the single Datasette process)."""
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            children = []
        return [int(pid) for pid in children] or [self.process.pid]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def start_kelisim(database: str, port: int, workers: int, logs: Path) -> Server:
    static = BENCH / f".static-{port}"
    shutil.rmtree(BENCH / f".cache-{port}", ignore_errors=True)
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(static),
        # Plain HTTP on loopback: production settings would otherwise redirect every request to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "QUERY_COUNT_HEADER": "true",
        # The workers share one cache (as they would in production with CACHE_DIR); emptied for every run.
        "CACHE_DIR": str(BENCH / f".cache-{port}"),
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(  # noqa: S603
        [str(PYTHON), "manage.py", "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "registry.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--timeout", "120", "--log-level", "warning"]  # fmt: skip
    return Server("Kelisim (gunicorn)", command, port, env, logs / "gunicorn.log")


def ensure_datasette_venv() -> Path:
    """Datasette lives in its own virtualenv so that its dependencies never touch the site's."""
    executable = DATASETTE_VENV / "bin" / "datasette"
    if not executable.exists():
        print("Installing Datasette into bench/.venv-datasette ...")
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [str(DATASETTE_VENV / "bin" / "pip"), "install", "--quiet", "-r", str(ROOT / "requirements-bench.txt")],
            check=True,
        )
    return executable


def export_sqlite(path: Path, documents: int) -> None:
    """The same published records as one SQLite file, shaped as a Datasette user would shape them.

    Documents carry their parties, topics, languages and signatories as JSON arrays (for facets and
    filters), with an FTS5 index over the titles in every language and the English summary.
    """
    from django.db import connection, transaction

    # Datasette finds the full-text index only by content="documents" in double quotes: files written
    # before that was so carry the bare number and are written again.
    marker = f"{documents}:fts"
    if path.exists():
        with sqlite3.connect(path) as db:
            try:
                if db.execute("SELECT value FROM bench_meta WHERE key = 'documents'").fetchone()[0] == marker:
                    print(f"Reusing {path.relative_to(ROOT)}.")
                    return
            except sqlite3.Error:
                pass
        path.unlink()
    print(f"Exporting the records to {path.relative_to(ROOT)} for Datasette ...")
    started = time.monotonic()
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE parties (id INTEGER PRIMARY KEY, slug TEXT, name TEXT, kind TEXT, iso_code TEXT);
        CREATE TABLE summits (id INTEGER PRIMARY KEY, slug TEXT, name TEXT, kind TEXT, start_date TEXT, city TEXT,
                              host_id INTEGER REFERENCES parties(id));
        CREATE TABLE documents (id INTEGER PRIMARY KEY, slug TEXT, title TEXT, title_tr TEXT, title_ru TEXT,
            title_kk TEXT, title_ky TEXT, kind TEXT, legal_nature TEXT, status TEXT, signed_on TEXT,
            summit_id INTEGER REFERENCES summits(id), summit TEXT, series TEXT, summary TEXT,
            parties TEXT, topics TEXT, languages TEXT, signatories TEXT);
        CREATE TABLE document_parties (document_id INTEGER REFERENCES documents(id),
                                       party_id INTEGER REFERENCES parties(id));
        CREATE TABLE bench_meta (key TEXT PRIMARY KEY, value TEXT);
    """)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, slug, name, kind, iso_code FROM registry_party")
        db.executemany("INSERT INTO parties VALUES (?, ?, ?, ?, ?)", cursor.fetchall())
        cursor.execute(
            "SELECT id, slug, name, kind, start_date::text, city, host_id FROM registry_summit "
            "WHERE publication_state = 'published'"
        )
        db.executemany("INSERT INTO summits VALUES (?, ?, ?, ?, ?, ?, ?)", cursor.fetchall())
    sql = """
        SELECT d.id, d.slug, d.title_en, d.title_tr, d.title_ru, d.title_kk, d.title_ky, d.kind, d.legal_nature,
          d.status, d.signed_on::text, d.summit_id, s.slug, ms.slug, d.summary_en,
          (SELECT json_agg(p.slug ORDER BY p.slug) FROM registry_documentparty dp
             JOIN registry_party p ON p.id = dp.party_id WHERE dp.document_id = d.id)::text,
          (SELECT json_agg(t.key ORDER BY t.key) FROM registry_document_topics dt
             JOIN registry_topic t ON t.id = dt.topic_id WHERE dt.document_id = d.id)::text,
          (SELECT json_agg(l.language_id ORDER BY l.language_id) FROM registry_document_languages l
             WHERE l.document_id = d.id)::text,
          (SELECT json_agg(DISTINCT pe.slug) FROM registry_signature g
             JOIN registry_person pe ON pe.id = g.person_id WHERE g.document_id = d.id)::text
        FROM registry_document d LEFT JOIN registry_summit s ON s.id = d.summit_id
        LEFT JOIN registry_meetingseries ms ON ms.id = s.series_id
        WHERE d.publication_state = 'published' ORDER BY d.id"""
    with transaction.atomic(), connection.connection.cursor(name="bench_export") as cursor:
        cursor.itersize = 20_000
        cursor.execute(sql)
        while rows := cursor.fetchmany(20_000):
            db.executemany(INSERT_DOCUMENT, rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT dp.document_id, dp.party_id FROM registry_documentparty dp JOIN registry_document d "
            "ON d.id = dp.document_id WHERE d.publication_state = 'published'"
        )
        db.executemany("INSERT INTO document_parties VALUES (?, ?)", cursor.fetchall())
    # Indexes a careful Datasette publisher would add for these filters, sorts and row pages.
    db.executescript("""
        CREATE INDEX documents_signed_on ON documents (signed_on);
        CREATE INDEX documents_kind ON documents (kind);
        CREATE INDEX documents_status ON documents (status);
        CREATE INDEX documents_legal_nature ON documents (legal_nature);
        CREATE INDEX documents_title ON documents (title);
        CREATE INDEX documents_summit_id ON documents (summit_id);
        CREATE INDEX documents_summit ON documents (summit);
        CREATE INDEX documents_series ON documents (series);
        CREATE INDEX document_parties_party ON document_parties (party_id);
        CREATE INDEX document_parties_document ON document_parties (document_id);
        CREATE INDEX summits_host ON summits (host_id);
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, title_tr, title_ru, title_kk, title_ky, summary,
            content="documents", content_rowid='id', tokenize='unicode61 remove_diacritics 2');
        INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
        ANALYZE;
    """)
    db.execute("INSERT INTO bench_meta VALUES ('documents', ?)", [marker])
    db.commit()
    db.close()
    tmp.rename(path)
    print(f"  exported in {time.monotonic() - started:.0f} s")


INSERT_DOCUMENT = "INSERT INTO documents VALUES (" + ", ".join(["?"] * 19) + ")"  # noqa: S608 (placeholders only)


def start_datasette(path: Path, port: int, logs: Path, facet_limit_ms: int) -> Server:
    executable = ensure_datasette_venv()
    # Its defaults, except a query time limit high enough for every query to finish, as Kelisim's do. The facet
    # time limit stays at its default (200 ms): a facet that takes longer is left out of the page, which is
    # what a Datasette user gets, and favours Datasette (the run records how many facets it computed).
    command = [
        str(executable), "serve", "--immutable", str(path), "--host", "127.0.0.1", "--port", str(port),
        "--setting", "sql_time_limit_ms", "60000", "--setting", "facet_time_limit_ms", str(facet_limit_ms),
        "--setting", "suggest_facets", "off", "--setting", "default_page_size", "20", "--setting", "max_csv_mb", "0",
    ]  # fmt: skip
    return Server("Datasette", command, port, dict(os.environ), logs / "datasette.log")


# --- measuring ------------------------------------------------------------------------------------------


def get(port: int, path: str, cookie: str = "", timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Accept-Encoding": "identity"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("GET", urllib.parse.quote(path, safe="/?&=%+:,"), headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(port: int, path: str, cookie: str, seconds1: float, count1: int, seconds8: float) -> Measure:
    """Latency at concurrency 1 (bounded by time and count), then throughput at concurrency 8."""
    result = Measure()
    begin = time.perf_counter()
    status, headers, body = get(port, path, cookie)  # the first (cold) request, and the query count
    result.first_ms = (time.perf_counter() - begin) * 1000
    result.status, result.bytes = status, len(body)
    if "x-query-count" in headers:
        result.queries = int(headers["x-query-count"])
    if status != 200:
        result.note = body[:200].decode("utf-8", "replace").strip().splitlines()[0] if body else ""
        return result
    latencies: list[float] = []
    started = time.monotonic()
    while len(latencies) < count1 and time.monotonic() - started < seconds1:
        begin = time.perf_counter()
        status, _, _ = get(port, path, cookie)
        latencies.append((time.perf_counter() - begin) * 1000)
        result.errors += status != 200
    elapsed = time.monotonic() - started
    result.samples = len(latencies)
    result.p50 = percentile(latencies, 0.50)
    result.p95 = percentile(latencies, 0.95)
    result.p99 = percentile(latencies, 0.99)
    result.rps1 = len(latencies) / elapsed
    done, errors, lock = [0], [0], threading.Lock()
    stop_at = time.monotonic() + seconds8

    def worker() -> None:
        while time.monotonic() < stop_at:
            try:
                status, _, _ = get(port, path, cookie)
            except OSError:  # a request that outlived the client's timeout counts as an error, not as done
                status = 0
            with lock:
                done[0] += status != 0
                errors[0] += status != 200

    begin = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.rps8 = done[0] / (time.monotonic() - begin)
    result.errors += errors[0]
    return result


def datasette_facets(port: int, path: str) -> str:
    """How many of the facets asked for Datasette computed within its facet time limit ("3/5"), if any."""
    asked = path.count("_facet=") + path.count("_facet_array=")
    if not asked:
        return ""
    table, _, query = path.partition("?")
    try:
        status, _, body = get(port, f"{table}.json?{query}")
        computed = len(json.loads(body).get("facet_results", {})) if status == 200 else 0
    except (OSError, ValueError):
        computed = 0
    return f"{computed}/{asked}"


def read_kb(pid: int, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    return 0


def measure_download(server: Server, path: str, cookie: str = "") -> Measure:
    """Stream a large CSV once: its time, rows, and how far the serving process's peak memory rose."""
    result = Measure()
    pids = server.pids()
    before = {}
    for pid in pids:
        try:
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets the peak (VmHWM) to the current size
            before[pid] = read_kb(pid, "VmRSS")
        except OSError:
            before[pid] = None
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    connection.request("GET", urllib.parse.quote(path, safe="/?&=%+:,"), headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    result.status = response.status
    lines = 0
    while chunk := response.read(1 << 16):
        result.bytes += len(chunk)
        lines += chunk.count(b"\n")
    connection.close()
    result.seconds = time.perf_counter() - started
    if result.status != 200:
        return result
    result.rows = max(0, lines - 1)
    growth = [read_kb(pid, "VmHWM") - kb for pid, kb in before.items() if kb is not None]
    result.memory_growth_mb = round(max(growth) / 1024, 1) if growth else None
    result.samples = 1
    return result


# --- output ---------------------------------------------------------------------------------------------


def fmt(value, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def table_rows(results: list[Result], with_datasette: bool) -> list[list[str]]:
    """The printed table: one row per scenario, Datasette's figures and the ratio beside Kelisim's."""
    header = ["scenario", "status", "SQL 1st/again", "first ms", "p50 ms", "p95 ms", "p99 ms", "rps c1", "rps c8"]
    if with_datasette:
        header += ["DS p50", "DS p95", "DS rps c8", "c8 ratio", "DS facets"]
    rows = [header]
    for result in results:
        k = result.kelisim
        if k.note == "not available":
            row = [result.scenario, "n/a", "-", "not available on this branch", "", "", "", "", ""]
        elif k.seconds is not None:  # a download
            row = [result.scenario, str(k.status), fmt(k.queries), f"{fmt(k.rows)} rows", f"{fmt(k.seconds, 1)} s",
                   f"+{fmt(k.memory_growth_mb, 1)} MB", "", "", ""]  # fmt: skip
        else:
            row = [result.scenario, str(k.status), f"{fmt(k.first_queries)}/{fmt(k.queries)}", fmt(k.first_ms, 1),
                   fmt(k.p50, 1), fmt(k.p95, 1), fmt(k.p99, 1), fmt(k.rps1, 1), fmt(k.rps8, 1)]  # fmt: skip
        if with_datasette:
            d = result.datasette
            if d is None:
                row += ["no equivalent", "", "", ""]
            elif d.seconds is not None:
                row += [f"{fmt(d.rows)} rows", f"{fmt(d.seconds, 1)} s", f"+{fmt(d.memory_growth_mb, 1)} MB",
                        f"{fmt(result.ratio_rps8, 1)}x"]  # fmt: skip
            else:
                row += [fmt(d.p50, 1), fmt(d.p95, 1), fmt(d.rps8, 2), f"{fmt(result.ratio_rps8, 1)}x", d.note]
        rows.append(row)
    return rows


def print_table(results: list[Result], with_datasette: bool) -> None:
    rows = table_rows(results, with_datasette)
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        cells = [cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())
        if number == 0:
            print("-" * (sum(widths) + 2 * (len(widths) - 1)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL",
                        "postgres://postgres@127.0.0.1:5432/kelisim_bench"))  # fmt: skip
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--vs-datasette", action="store_true", help="measure Datasette on the same records too")
    parser.add_argument("--port", type=int, default=8601, help="gunicorn's port on 127.0.0.1")
    parser.add_argument("--datasette-port", type=int, default=8602)
    parser.add_argument("--datasette-facet-limit-ms", type=int, default=200,
                        help="Datasette's facet_time_limit_ms (its default 200 leaves slow facets out)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--seconds", type=float, default=4.0, help="time per scenario and concurrency level")
    parser.add_argument("--requests", type=int, default=100, help="at most this many requests at concurrency 1")
    parser.add_argument("--only", help="run only the scenarios whose name contains this text (comma-separated)")
    parser.add_argument("--no-migrate", action="store_true", help="leave the schema as it is (to compare indexes)")
    args = parser.parse_args()

    setup_django(args.database)
    ensure_data(args.database, args.documents, args.seed, migrate=not args.no_migrate)
    values = pick_values()
    session = admin_session()
    logs = BENCH / "results"
    logs.mkdir(exist_ok=True)
    servers = [start_kelisim(args.database, args.port, args.workers, logs)]
    datasette = None
    try:
        if args.vs_datasette:
            # Datasette names the database after the file: every request goes to /bench/...
            path = BENCH / "data" / str(args.documents) / "bench.db"
            path.parent.mkdir(parents=True, exist_ok=True)
            export_sqlite(path, args.documents)
            datasette = start_datasette(path, args.datasette_port, logs, args.datasette_facet_limit_ms)
            servers.append(datasette)
        results = []
        for scenario in scenarios(values, args.documents):
            if args.only and not any(part.strip().lower() in scenario.name.lower() for part in args.only.split(",")):
                continue
            cookie = f"sessionid={session}" if scenario.admin else ""
            begin = time.perf_counter()
            probe, probe_headers, _ = get(args.port, scenario.kelisim, cookie)  # the first: nothing cached for it
            first_ms = (time.perf_counter() - begin) * 1000
            if probe == 404:
                kelisim = Measure(status=404, note="not available")
            elif scenario.csv:
                kelisim = measure_download(servers[0], scenario.kelisim, cookie)
                kelisim.queries = None
            else:
                kelisim = measure(args.port, scenario.kelisim, cookie, args.seconds, args.requests, args.seconds)
                kelisim.first_ms = first_ms
                if "x-query-count" in probe_headers:
                    kelisim.first_queries = int(probe_headers["x-query-count"])
            result = Result(scenario.name, kelisim)
            # Alternating: each scenario runs on Kelisim, then at once on Datasette, under the same load.
            if datasette and scenario.datasette:
                if scenario.csv:
                    result.datasette = measure_download(datasette, scenario.datasette)
                else:
                    result.datasette = measure(args.datasette_port, scenario.datasette, "", args.seconds,
                                               args.requests, args.seconds)  # fmt: skip
                    result.datasette.note = datasette_facets(args.datasette_port, scenario.datasette)
                if kelisim.rps8 and result.datasette.rps8:
                    result.ratio_rps8 = kelisim.rps8 / result.datasette.rps8
                elif kelisim.seconds and result.datasette.seconds:
                    result.ratio_rps8 = result.datasette.seconds / kelisim.seconds
            results.append(result)
            print(f"  {scenario.name}: done", flush=True)
            if args.json:  # after every scenario, so that an interrupted run keeps what it measured
                write_json(args, values, results)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(BENCH / f".static-{args.port}", ignore_errors=True)
        shutil.rmtree(BENCH / f".cache-{args.port}", ignore_errors=True)
    print()
    print(f"Kelisim on PostgreSQL, {args.documents:,} documents ({values['published']} published), "
          f"gunicorn {args.workers} workers; latency at concurrency 1, requests/s at 1 and 8")  # fmt: skip
    print_table(results, bool(datasette))
    if args.json:
        write_json(args, values, results)
        print(f"\nResults written to {args.json}")
    return 0


def write_json(args, values: dict, results: list[Result]) -> None:
    """The run's settings and every result so far, as JSON."""
    payload = {
        "documents": args.documents,
        "seed": args.seed,
        "workers": args.workers,
        "seconds_per_level": args.seconds,
        "datasette_facet_limit_ms": args.datasette_facet_limit_ms,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_average": os.getloadavg(),
        "values": values,
        "results": [asdict(result) for result in results],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
