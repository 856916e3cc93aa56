"""Index tables: (type, id, param) lookups and binary collation for prefix ranges.

Correlated probes (sort keys, EXISTS criteria) look values up by resource and parameter, so the
per-resource index gains the parameter, and for ranges (dates, numbers, quantities) also the
bounds, so a sort probe is answered from the index alone. On PostgreSQL the searched text columns use the "C"
collation, so a prefix search is a plain b-tree range there, as it is on SQLite.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("idx_string", "idx_token", "idx_date", "idx_reference", "idx_number", "idx_quantity", "idx_uri")
RANGES = ("idx_date", "idx_number", "idx_quantity")
BINARY_TEXT = (("idx_string", "value", 400), ("idx_token", "text", 400), ("idx_uri", "uri", 1000))


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_resource", table_name=table)
        bounds = ["low", "high"] if table in RANGES else []
        op.create_index(f"ix_{table}_resource", table, ["res_type", "res_id", "param", *bounds])
    if op.get_bind().dialect.name == "postgresql":
        for table, column, length in BINARY_TEXT:
            op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "C"')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column, length in BINARY_TEXT:
            op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "default"')
    for table in TABLES:
        op.drop_index(f"ix_{table}_resource", table_name=table)
        op.create_index(f"ix_{table}_resource", table, ["res_type", "res_id"])
