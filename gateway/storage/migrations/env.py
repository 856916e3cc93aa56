"""Alembic environment: migrations run on the connection the store hands in (no URL in an ini file)."""

from alembic import context

from gateway.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through Store.migrate() (homecare migrate), which passes a connection.")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
