"""Pick the store implementation from the database URL in settings."""

from __future__ import annotations

from gateway.settings import Settings
from gateway.storage.base import Store


def build_store(settings: Settings) -> Store:
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        from gateway.storage.sqlite import SqliteStore

        return SqliteStore(url)
    if url.startswith("postgresql"):
        from gateway.storage.postgres import PostgresStore

        return PostgresStore(url)
    raise ValueError(f"Unsupported HOMECARE_DATABASE_URL scheme: {url.split(':', 1)[0]}")
