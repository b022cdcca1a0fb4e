"""Full-text search of documents: one interface, a PostgreSQL and an SQLite implementation.

Every document carries `search_text`: its titles, short titles, summaries and places in every language,
its parties' names, its signatories' names and other spellings, its summit's name, city and venue and its
series' name, folded (lower case, no diacritics, Kazakh and Turkish letters to their plain forms) and
joined into words.
Queries are folded the same way, so "almati" finds "Almatı" and "алматы" finds "Алматы" on both databases.

- PostgreSQL matches a stored tsvector column (generated from search_text, GIN index) with to_tsquery and
  ranks with ts_rank.
- SQLite matches an FTS5 table kept beside the documents and ranks with bm25.
- Misspellings: a query word that appears in no document is widened to the known words that look like it
  (trigram similarity over the SearchWord vocabulary: pg_trgm with a GIN index, or the same measure as an
  SQL function on SQLite), so "Tokaev" still finds "Tokayev".

The query syntax is web-search syntax on both: words (all must match), "a phrase", OR, -word to exclude.
`refresh_search_text()` is the one function that rebuilds the denormalised text; signals call it when a
document, its parties, its signatures, a party, a person, a summit or a series change (see signals.py).
"""

import contextlib
import contextvars
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import F, FloatField, Func, QuerySet
from django.db.models.fields import BooleanField

WORD_RE = re.compile(r"[^\W_]+")
# Letters NFKD does not decompose, folded to the letter a reader would type on a plain keyboard.
FOLDS = str.maketrans(
    {
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
    }
)
MAX_WORD_LENGTH = 60
# A query word this long or longer may be widened to similar words; shorter ones would match too much.
FUZZY_MIN_LENGTH = 4
FUZZY_THRESHOLD = 0.3  # pg_trgm's default similarity threshold
FUZZY_LIMIT = 5  # similar words taken per query word


def fold(text: str) -> str:
    """Lower-case `text`, strip diacritics, plain-letter the rest, and keep only words separated by spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char)).translate(FOLDS)
    return " ".join(word for word in WORD_RE.findall(text) if len(word) <= MAX_WORD_LENGTH)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams (for SQLite, registered as an SQL function)."""
    if not a or not b:
        return 0.0
    left, right = trigrams(a), trigrams(b)
    return len(left & right) / len(left | right)


# A phrase is a tuple of words; a one-word phrase is a plain word.
Phrase = tuple[str, ...]


@dataclass(eq=False)
class SearchQuery:
    """A parsed query: every group must match (a group is alternatives joined by OR); no excluded phrase may."""

    groups: list[list[Phrase]] = field(default_factory=list)
    excluded: list[Phrase] = field(default_factory=list)
    using: str = "default"

    TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')

    @classmethod
    def parse(cls, text: str, using: str = "default", widen: bool = True) -> "SearchQuery":
        """Parse web-search syntax; with `widen`, add the known spellings of words no document contains."""
        query = cls(using=using)
        join_next = False
        for match in cls.TOKEN_RE.finditer(text or ""):
            negated, quoted, bare = match.groups()
            if bare == "OR":
                join_next = bool(query.groups)
                continue
            if bare is not None:
                negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
                quoted = bare[1:] if negated else bare
            phrase = tuple(fold(quoted).split())
            if not phrase:
                continue
            if negated:
                query.excluded.append(phrase)
            elif join_next:
                query.groups[-1].append(phrase)
            else:
                query.groups.append([phrase])
            join_next = False
        if widen:
            query.widen()
        return query

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def vendor(self) -> str:
        return connections[self.using].vendor

    def widen(self) -> None:
        """Add to each group the vocabulary's words similar to a word of it that no document contains."""
        words = sorted({p[0] for group in self.groups for p in group if len(p) == 1 and len(p[0]) >= FUZZY_MIN_LENGTH})
        if not words:
            return
        similar: dict[str, list[str]] = {}
        for term, word in similar_words(words, self.using):
            if len(similar.setdefault(term, [])) < FUZZY_LIMIT:
                similar[term].append(word)
        for group in self.groups:
            for phrase in list(group):
                group.extend((word,) for word in similar.get(phrase[0], []) if len(phrase) == 1)

    # Rendering for each database.

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery('simple', ...) text; words are [^\\W_]+ so quoting them is enough."""

        def render(phrase: Phrase) -> str:
            lexemes = " <-> ".join(f"'{word}'" for word in phrase)
            return f"({lexemes})" if len(phrase) > 1 else lexemes

        parts = ["(" + " | ".join(render(p) for p in group) + ")" for group in self.groups]
        parts += [f"!{render(p)}" for p in self.excluded]
        return " & ".join(parts)

    @staticmethod
    def fts5(phrases: Iterable[Phrase], joiner: str) -> str:
        return f" {joiner} ".join('"' + " ".join(phrase) + '"' for phrase in phrases)

    def fts5_match(self) -> str:
        """SQLite FTS5 MATCH text of the groups (exclusions are applied apart: FTS5 has no unary NOT)."""
        return " AND ".join("(" + self.fts5(group, "OR") + ")" for group in self.groups)

    def fts5_excluded(self) -> str:
        return self.fts5(self.excluded, "OR")


def similar_words(words: list[str], using: str = "default") -> list[tuple[str, str]]:
    """(query word, known word) pairs, most similar first, for the query words no document contains."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        sql = """
            SELECT t.term, w.word FROM unnest(%s::text[]) AS t(term)
            JOIN registry_searchword w ON w.word %% t.term
            WHERE NOT EXISTS (SELECT 1 FROM registry_searchword e WHERE e.word = t.term)
            ORDER BY t.term, similarity(w.word, t.term) DESC, w.word
        """
        params = [words]
    else:
        sql = """
            SELECT t.value, w.word FROM json_each(%s) AS t
            JOIN registry_searchword w ON trigram_similarity(w.word, t.value) >= %s
            WHERE NOT EXISTS (SELECT 1 FROM registry_searchword e WHERE e.word = t.value)
            ORDER BY t.value, trigram_similarity(w.word, t.value) DESC, w.word
        """
        params = [json.dumps(words), FUZZY_THRESHOLD]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _DocumentSearchExpression(Func):
    """Compiles against the document table's alias in the query at hand, so it works inside subqueries too."""

    def __init__(self, query: SearchQuery):
        super().__init__(F("pk"))
        self.query = query

    def alias(self, compiler) -> str:
        return compiler.quote_name_unless_alias(self.source_expressions[0].alias)

    def as_sql(self, compiler, connection, **extra):
        raise NotImplementedError(f"full-text search is not implemented for {connection.vendor}")


class SearchMatch(_DocumentSearchExpression):
    """True for the documents the query matches."""

    output_field = BooleanField()

    def as_postgresql(self, compiler, connection, **extra):
        return f"{self.alias(compiler)}.search_vector @@ to_tsquery('simple', %s)", [self.query.tsquery()]

    def as_sqlite(self, compiler, connection, **extra):
        pk = f"{self.alias(compiler)}.id"
        conditions, params = [], []
        if self.query.groups:
            conditions.append(
                f"{pk} IN (SELECT rowid FROM registry_document_fts WHERE registry_document_fts MATCH %s)"  # noqa: S608
            )
            params.append(self.query.fts5_match())
        if self.query.excluded:
            conditions.append(
                f"{pk} NOT IN (SELECT rowid FROM registry_document_fts WHERE registry_document_fts MATCH %s)"  # noqa: S608
            )
            params.append(self.query.fts5_excluded())
        return "(" + " AND ".join(conditions) + ")", params


class SearchRank(_DocumentSearchExpression):
    """How well a document matches: higher is better on both databases."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return f"ts_rank({self.alias(compiler)}.search_vector, to_tsquery('simple', %s))", [self.query.tsquery()]

    def as_sqlite(self, compiler, connection, **extra):
        if not self.query.groups:
            return "0.0", []
        # The alias comes from the compiler and the query text is a parameter: nothing user-typed is spliced.
        return (
            "(SELECT -bm25(registry_document_fts) FROM registry_document_fts"  # noqa: S608
            f" WHERE registry_document_fts MATCH %s AND rowid = {self.alias(compiler)}.id)",
            [self.query.fts5_match()],
        )


def filter_documents(queryset: QuerySet, query: "SearchQuery | None") -> QuerySet:
    """The documents of `queryset` that `query` matches (all of them for an empty query)."""
    if query is None or query.is_empty:
        return queryset
    return queryset.filter(SearchMatch(query))


def annotate_rank(queryset: QuerySet, query: "SearchQuery | None") -> QuerySet:
    """Annotate `search_rank` (higher is better) for sorting by relevance."""
    if query is None or query.is_empty:
        return queryset.annotate(search_rank=F("pk") * 0.0)
    return queryset.annotate(search_rank=SearchRank(query))


# The denormalised text.


def language_codes() -> list[str]:
    """The content languages: every translated field has one column per code."""
    return [code for code, _name in settings.LANGUAGES]


def _translations(record, name: str) -> list[str]:
    return [getattr(record, f"{name}_{code}", None) or "" for code in language_codes()]


def document_search_text(document) -> str:
    """The folded text a document is found by; reads prefetched relations (see _documents_for_refresh)."""
    parts: list[str] = []
    for name in ("title", "short_title", "summary", "signed_at"):
        parts += _translations(document, name)
    for document_party in document.document_parties.all():
        party = document_party.party
        parts += _translations(party, "name") + _translations(party, "short_name") + [party.iso_code]
    for signature in document.signatures.all():
        parts += _translations(signature.person, "name") + [signature.person.aliases]
    if document.summit is not None:
        for name in ("name", "city", "venue"):
            parts += _translations(document.summit, name)
        if document.summit.series is not None:
            parts += _translations(document.summit.series, "name")
    return " ".join(folded for folded in (fold(part) for part in parts if part) if folded)


REFRESH_BATCH = 500


def _refresh(document_model, word_model, ids: list[int], using: str) -> None:
    for start in range(0, len(ids), REFRESH_BATCH):
        batch = ids[start : start + REFRESH_BATCH]
        documents = list(
            document_model.objects.using(using)
            .filter(pk__in=batch)
            .select_related("summit__series")
            .prefetch_related("document_parties__party", "signatures__person")
        )
        vocabulary: set[str] = set()
        for document in documents:
            document.search_text = document_search_text(document)
            vocabulary.update(document.search_text.split())
        document_model.objects.using(using).bulk_update(documents, ["search_text"])
        word_model.objects.using(using).bulk_create(
            [word_model(word=word) for word in sorted(vocabulary)], ignore_conflicts=True, batch_size=1000
        )
        connection = connections[using]
        if connection.vendor == "sqlite":
            # PostgreSQL derives its tsvector column itself; SQLite's FTS5 table is written here.
            with connection.cursor() as cursor:
                cursor.executemany(
                    "DELETE FROM registry_document_fts WHERE rowid = %s", [(document.pk,) for document in documents]
                )
                cursor.executemany(
                    "INSERT INTO registry_document_fts (rowid, search_text) VALUES (%s, %s)",
                    [(document.pk, document.search_text) for document in documents],
                )


_deferred: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar("search_refresh_deferred", default=None)


def refresh_search_text(document_ids: Iterable[int], using: str = "default") -> None:
    """Rebuild the search text of these documents now (or at the end of an enclosing deferred_refresh())."""
    ids = sorted({int(pk) for pk in document_ids if pk is not None})
    pending = _deferred.get()
    if pending is not None:
        pending.update(ids)
        return
    if ids:
        from registry.models import Document, SearchWord

        _refresh(Document, SearchWord, ids, using)


@contextlib.contextmanager
def deferred_refresh(using: str = "default") -> Iterator[None]:
    """Collect refreshes inside the block and run them once at its end (for imports of many records)."""
    if _deferred.get() is not None:
        yield
        return
    token = _deferred.set(set())
    try:
        yield
        ids = _deferred.get()
    finally:
        _deferred.reset(token)
    refresh_search_text(ids, using)


def rebuild_search_index(apps=None, using: str = "default") -> int:
    """Rebuild every document's search text (also from a migration, with its historical `apps`)."""
    if apps is None:
        from django.apps import apps
    document_model = apps.get_model("registry", "Document")
    word_model = apps.get_model("registry", "SearchWord")
    ids = list(document_model.objects.using(using).values_list("pk", flat=True).order_by("pk"))
    _refresh(document_model, word_model, ids, using)
    return len(ids)
