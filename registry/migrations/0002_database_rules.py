"""The rules of the data that span tables, enforced by the database itself (see docs/data-rules.md).

- A signature names a party of its document: a composite foreign key from signature (document, party) to
  documentparty (document, party), deferred to the end of the transaction so that a document and its
  parties and signatures can be written, or deleted, in any order. Both databases support it natively.
- A status event is not dated before the signing (compared at the event's precision: "2025" is not
  before 22 August 2025).
- A published document has at least one party.

PostgreSQL checks the last two at commit (deferred constraint triggers). SQLite has no deferred triggers,
so it checks status events as they are written and leaves the party rule to the forms and the importer.
"""

from django.db import migrations

SIGNATURE_FOREIGN_KEY = (
    'CONSTRAINT "signature_party_of_document" FOREIGN KEY ("document_id", "party_id") '
    'REFERENCES "registry_documentparty" ("document_id", "party_id") DEFERRABLE INITIALLY DEFERRED'
)

POSTGRESQL_FORWARD = f"""
ALTER TABLE registry_signature ADD {SIGNATURE_FOREIGN_KEY};

CREATE FUNCTION registry_published_document_has_party() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE doc bigint;
BEGIN
  IF TG_TABLE_NAME = 'registry_document' THEN doc := NEW.id; ELSE doc := OLD.document_id; END IF;
  IF EXISTS (SELECT 1 FROM registry_document d WHERE d.id = doc AND d.publication_state = 'published')
     AND NOT EXISTS (SELECT 1 FROM registry_documentparty p WHERE p.document_id = doc) THEN
    RAISE EXCEPTION 'published_document_has_party: published document % has no party', doc
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER published_document_has_party
  AFTER INSERT OR UPDATE OF publication_state ON registry_document
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION registry_published_document_has_party();
CREATE CONSTRAINT TRIGGER published_document_keeps_party
  AFTER DELETE OR UPDATE OF document_id ON registry_documentparty
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION registry_published_document_has_party();

CREATE FUNCTION registry_status_not_before_signing() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE doc bigint;
BEGIN
  IF TG_TABLE_NAME = 'registry_document' THEN doc := NEW.id; ELSE doc := NEW.document_id; END IF;
  IF EXISTS (
    SELECT 1 FROM registry_statusevent e JOIN registry_document d ON d.id = e.document_id
    WHERE d.id = doc AND d.signed_on IS NOT NULL AND CASE e.date_precision
      WHEN 'year' THEN date_trunc('year', e.date) < date_trunc('year', d.signed_on)
      WHEN 'month' THEN date_trunc('month', e.date) < date_trunc('month', d.signed_on)
      ELSE e.date < d.signed_on END
  ) THEN
    RAISE EXCEPTION 'status_event_not_before_signing: document % has a status date before its signing', doc
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER status_event_not_before_signing
  AFTER INSERT OR UPDATE ON registry_statusevent
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION registry_status_not_before_signing();
CREATE CONSTRAINT TRIGGER signing_not_after_status_events
  AFTER UPDATE OF signed_on ON registry_document
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION registry_status_not_before_signing();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER signing_not_after_status_events ON registry_document;
DROP TRIGGER status_event_not_before_signing ON registry_statusevent;
DROP FUNCTION registry_status_not_before_signing();
DROP TRIGGER published_document_keeps_party ON registry_documentparty;
DROP TRIGGER published_document_has_party ON registry_document;
DROP FUNCTION registry_published_document_has_party();
ALTER TABLE registry_signature DROP CONSTRAINT signature_party_of_document;
"""

# An event at year or month precision is compared at that precision.
SQLITE_EVENT_BEFORE_SIGNING = """
  d.signed_on IS NOT NULL AND (
    (e_precision = 'year' AND strftime('%Y', e_date) < strftime('%Y', d.signed_on)) OR
    (e_precision = 'month' AND strftime('%Y-%m', e_date) < strftime('%Y-%m', d.signed_on)) OR
    (e_precision = 'day' AND e_date < d.signed_on))
"""
SQLITE_STATUS_CHECK = SQLITE_EVENT_BEFORE_SIGNING.replace("e_precision", "NEW.date_precision").replace(
    "e_date", "NEW.date"
)
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER status_event_not_before_signing_{action.lower()} BEFORE {action} ON registry_statusevent
    WHEN EXISTS (SELECT 1 FROM registry_document d WHERE d.id = NEW.document_id AND {SQLITE_STATUS_CHECK})
    BEGIN SELECT RAISE(ABORT, 'status_event_not_before_signing: a status date cannot precede the signing'); END"""
    for action in ("INSERT", "UPDATE")
] + [
    """CREATE TRIGGER signing_not_after_status_events BEFORE UPDATE OF signed_on ON registry_document
    WHEN EXISTS (SELECT 1 FROM registry_statusevent e, (SELECT NEW.signed_on AS signed_on) d
                 WHERE e.document_id = NEW.id AND """
    + SQLITE_EVENT_BEFORE_SIGNING.replace("e_precision", "e.date_precision").replace("e_date", "e.date")
    + """)
    BEGIN SELECT RAISE(ABORT, 'status_event_not_before_signing: a status date cannot precede the signing'); END"""
]


def rebuild_sqlite_signature_table(cursor, with_foreign_key: bool) -> None:
    """SQLite cannot add a constraint to a table, so the table is rebuilt with (or without) it."""
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'registry_signature'")
    table_sql = cursor.fetchone()[0]
    cursor.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registry_signature' AND sql IS NOT NULL"
    )
    index_sqls = [row[0] for row in cursor.fetchall()]
    if with_foreign_key:
        new_sql = table_sql.rstrip()[:-1] + ", " + SIGNATURE_FOREIGN_KEY + ")"
    else:
        new_sql = table_sql.replace(", " + SIGNATURE_FOREIGN_KEY, "")
    cursor.execute('ALTER TABLE "registry_signature" RENAME TO "registry_signature_old"')
    cursor.execute(new_sql)
    cursor.execute('INSERT INTO "registry_signature" SELECT * FROM "registry_signature_old"')
    cursor.execute('DROP TABLE "registry_signature_old"')
    for index_sql in index_sqls:
        cursor.execute(index_sql)


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_FORWARD)
        elif connection.vendor == "sqlite":
            rebuild_sqlite_signature_table(cursor, with_foreign_key=True)
            for trigger in SQLITE_TRIGGERS:
                cursor.execute(trigger)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_BACKWARD)
        elif connection.vendor == "sqlite":
            for name in (
                "status_event_not_before_signing_insert",
                "status_event_not_before_signing_update",
                "signing_not_after_status_events",
            ):
                cursor.execute(f"DROP TRIGGER {name}")
            rebuild_sqlite_signature_table(cursor, with_foreign_key=False)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
