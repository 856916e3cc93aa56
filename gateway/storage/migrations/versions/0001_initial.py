"""Resources, their versions and the search index tables.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _index_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("res_type", sa.String(64), nullable=False),
        sa.Column("res_id", sa.String(64), nullable=False),
        sa.Column("param", sa.String(100), nullable=False),
        *columns,
    )
    op.create_index(f"ix_{name}_resource", name, ["res_type", "res_id"])


def upgrade() -> None:
    op.create_table(
        "resources",
        sa.Column("res_type", sa.String(64), primary_key=True),
        sa.Column("res_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("last_updated", sa.String(40), nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("content", sa.Text, nullable=True),
    )
    op.create_index("ix_resources_type_seq", "resources", ["res_type", "seq"])
    op.create_index("ix_resources_type_updated", "resources", ["res_type", "last_updated"])
    if op.get_bind().dialect.name == "postgresql":
        # JSONB copy of the served text for ad-hoc SQL and reporting; the text itself stays verbatim.
        op.execute("ALTER TABLE resources ADD COLUMN content_jsonb jsonb GENERATED ALWAYS AS (content::jsonb) STORED")

    op.create_table(
        "resource_versions",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("res_type", sa.String(64), nullable=False),
        sa.Column("res_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("last_updated", sa.String(40), nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("content", sa.Text, nullable=True),
        sa.UniqueConstraint("res_type", "res_id", "version", name="uq_resource_versions_identity"),
    )
    op.create_index("ix_versions_type_seq", "resource_versions", ["res_type", "seq"])

    _index_table(
        "idx_string", sa.Column("value", sa.String(400), nullable=False), sa.Column("exact", sa.Text, nullable=False)
    )
    op.create_index("ix_idx_string_value", "idx_string", ["res_type", "param", "value"])
    _index_table(
        "idx_token",
        sa.Column("system", sa.String(400), nullable=True),
        sa.Column("code", sa.String(400), nullable=True),
        sa.Column("text", sa.String(400), nullable=True),
    )
    op.create_index("ix_idx_token_code", "idx_token", ["res_type", "param", "code", "system"])
    _index_table(
        "idx_date", sa.Column("low", sa.BigInteger, nullable=False), sa.Column("high", sa.BigInteger, nullable=False)
    )
    op.create_index("ix_idx_date_low", "idx_date", ["res_type", "param", "low"])
    op.create_index("ix_idx_date_high", "idx_date", ["res_type", "param", "high"])
    _index_table(
        "idx_reference",
        sa.Column("target_type", sa.String(64), nullable=True),
        sa.Column("target_id", sa.String(400), nullable=True),
        sa.Column("url", sa.String(1000), nullable=True),
    )
    op.create_index("ix_idx_reference_target", "idx_reference", ["target_id", "param", "res_type", "target_type"])
    _index_table("idx_number", sa.Column("low", sa.Float, nullable=False), sa.Column("high", sa.Float, nullable=False))
    op.create_index("ix_idx_number_low", "idx_number", ["res_type", "param", "low"])
    _index_table(
        "idx_quantity",
        sa.Column("system", sa.String(400), nullable=True),
        sa.Column("code", sa.String(200), nullable=True),
        sa.Column("low", sa.Float, nullable=False),
        sa.Column("high", sa.Float, nullable=False),
    )
    op.create_index("ix_idx_quantity_low", "idx_quantity", ["res_type", "param", "low"])
    _index_table("idx_uri", sa.Column("uri", sa.String(1000), nullable=False))
    op.create_index("ix_idx_uri_uri", "idx_uri", ["res_type", "param", "uri"])


def downgrade() -> None:
    for name in ("idx_uri", "idx_quantity", "idx_number", "idx_reference", "idx_date", "idx_token", "idx_string"):
        op.drop_table(name)
    op.drop_table("resource_versions")
    op.drop_table("resources")
