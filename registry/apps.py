from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """SQLite has no pg_trgm: give it the same similarity measure, for the misspelling search."""
    if connection.vendor == "sqlite":
        from registry.search import trigram_similarity

        connection.connection.create_function("trigram_similarity", 2, trigram_similarity, deterministic=True)


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Registry"

    def ready(self):
        from registry import signals  # noqa: F401 (connects the search-text receivers)

        connection_created.connect(register_sqlite_functions)
