"""Table definitions shared by both backends and by the Alembic migrations.

``resources`` holds the current version of each resource (what reads and searches see);
``resource_versions`` holds every version (history, vread). Search index tables hold the values
extracted at write time, one table per search-parameter type, keyed by the resource they index.
The JSON text is stored exactly as served, so what an EHR sent is what it reads back.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

TYPE = sa.String(64)
ID = sa.String(64)
PARAM = sa.String(100)

resources = sa.Table(
    "resources",
    metadata,
    sa.Column("res_type", TYPE, primary_key=True),
    sa.Column("res_id", ID, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("last_updated", sa.String(40), nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, default=False),
    sa.Column("content", sa.Text, nullable=True),
)
sa.Index("ix_resources_type_seq", resources.c.res_type, resources.c.seq)
sa.Index("ix_resources_type_updated", resources.c.res_type, resources.c.last_updated)

resource_versions = sa.Table(
    "resource_versions",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("res_type", TYPE, nullable=False),
    sa.Column("res_id", ID, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("last_updated", sa.String(40), nullable=False),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("content", sa.Text, nullable=True),
    sa.UniqueConstraint("res_type", "res_id", "version", name="uq_resource_versions_identity"),
)
sa.Index("ix_versions_type_seq", resource_versions.c.res_type, resource_versions.c.seq)


def _index_table(name: str, *columns: sa.Column) -> sa.Table:
    table = sa.Table(
        name,
        metadata,
        sa.Column("res_type", TYPE, nullable=False),
        sa.Column("res_id", ID, nullable=False),
        sa.Column("param", PARAM, nullable=False),
        *columns,
    )
    bounds = [table.c.low, table.c.high] if "low" in table.c else []
    sa.Index(f"ix_{name}_resource", table.c.res_type, table.c.res_id, table.c.param, *bounds)
    return table


idx_string = _index_table(
    "idx_string", sa.Column("value", sa.String(400), nullable=False), sa.Column("exact", sa.Text, nullable=False)
)
sa.Index("ix_idx_string_value", idx_string.c.res_type, idx_string.c.param, idx_string.c.value)

idx_token = _index_table(
    "idx_token",
    sa.Column("system", sa.String(400), nullable=True),
    sa.Column("code", sa.String(400), nullable=True),
    sa.Column("text", sa.String(400), nullable=True),
)
sa.Index("ix_idx_token_code", idx_token.c.res_type, idx_token.c.param, idx_token.c.code, idx_token.c.system)

idx_date = _index_table(
    "idx_date", sa.Column("low", sa.BigInteger, nullable=False), sa.Column("high", sa.BigInteger, nullable=False)
)
sa.Index("ix_idx_date_low", idx_date.c.res_type, idx_date.c.param, idx_date.c.low)
sa.Index("ix_idx_date_high", idx_date.c.res_type, idx_date.c.param, idx_date.c.high)

idx_reference = _index_table(
    "idx_reference",
    sa.Column("target_type", TYPE, nullable=True),
    sa.Column("target_id", sa.String(400), nullable=True),
    sa.Column("url", sa.String(1000), nullable=True),
)
sa.Index(
    "ix_idx_reference_target",
    idx_reference.c.target_id,
    idx_reference.c.param,
    idx_reference.c.res_type,
    idx_reference.c.target_type,
)

idx_number = _index_table(
    "idx_number", sa.Column("low", sa.Float, nullable=False), sa.Column("high", sa.Float, nullable=False)
)
sa.Index("ix_idx_number_low", idx_number.c.res_type, idx_number.c.param, idx_number.c.low)

idx_quantity = _index_table(
    "idx_quantity",
    sa.Column("system", sa.String(400), nullable=True),
    sa.Column("code", sa.String(200), nullable=True),
    sa.Column("low", sa.Float, nullable=False),
    sa.Column("high", sa.Float, nullable=False),
)
sa.Index("ix_idx_quantity_low", idx_quantity.c.res_type, idx_quantity.c.param, idx_quantity.c.low)

idx_uri = _index_table("idx_uri", sa.Column("uri", sa.String(1000), nullable=False))
sa.Index("ix_idx_uri_uri", idx_uri.c.res_type, idx_uri.c.param, idx_uri.c.uri)

INDEX_TABLES: dict[str, sa.Table] = {
    "string": idx_string,
    "token": idx_token,
    "date": idx_date,
    "reference": idx_reference,
    "number": idx_number,
    "quantity": idx_quantity,
    "uri": idx_uri,
}

ALL_TABLES = [resources, resource_versions, *INDEX_TABLES.values()]
