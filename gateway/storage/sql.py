"""The SQL implementation of the storage interface, shared by the SQLite and PostgreSQL stores.

Queries are SQLAlchemy Core so the same statements run on both; the subclasses only differ in
how connections are made and locked (see ``sqlite.py`` and ``postgres.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, cached_property
from operator import itemgetter
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from gateway.storage.base import IndexRows, StoredVersion, VersionConflict, iter_chunks
from gateway.storage.schema import INDEX_TABLES, resource_versions, resources

MIGRATIONS = Path(__file__).parent / "migrations"
# An index row's fields in table column order, after (res_type, res_id): one C call per row.
_INDEX_FIELDS = {kind: itemgetter(*[c.name for c in table.columns][2:]) for kind, table in INDEX_TABLES.items()}


@cache
def _insert_columns(table: sa.Table) -> list[str]:
    """The columns an insert names: all but an autoincrement key, which the database assigns."""
    return [c.name for c in table.columns if not (c.primary_key and c.autoincrement is True)]


def _row_to_version(row: Any, *, method: str = "PUT") -> StoredVersion:
    m = row._mapping
    return StoredVersion(
        res_type=m["res_type"],
        res_id=m["res_id"],
        version=m["version"],
        last_updated=m["last_updated"],
        deleted=bool(m["deleted"]) if "deleted" in m else m["content"] is None,
        content=m["content"],
        method=m.get("method", method),
        seq=m["seq"],
    )


# Built once: statement construction costs more than a single-row insert on SQLite.
_INSERT_VERSION = resource_versions.insert().returning(resource_versions.c.seq)
_UPDATE_CURRENT = (
    resources.update()
    .where(
        resources.c.res_type == sa.bindparam("k_type"),
        resources.c.res_id == sa.bindparam("k_id"),
        resources.c.version == sa.bindparam("k_version"),
    )
    .returning(resources.c.version)
)
_CURRENT = sa.select(resources).where(
    resources.c.res_type == sa.bindparam("k_type"), resources.c.res_id == sa.bindparam("k_id")
)
_CURRENT_FOR_UPDATE = _CURRENT.with_for_update()


class SqlTx:
    """One database transaction (or one read-only connection)."""

    def __init__(self, conn: Connection, store: SqlStore) -> None:
        self.conn = conn
        self.store = store

    def current(self, res_type: str, res_id: str, *, for_update: bool = False) -> StoredVersion | None:
        stmt = _CURRENT_FOR_UPDATE if for_update and self.store.dialect == "postgresql" else _CURRENT
        row = self.conn.execute(stmt, {"k_type": res_type, "k_id": res_id}).first()
        return _row_to_version(row) if row else None

    def version(self, res_type: str, res_id: str, version: int) -> StoredVersion | None:
        v = resource_versions
        stmt = sa.select(v).where(v.c.res_type == res_type, v.c.res_id == res_id, v.c.version == version)
        row = self.conn.execute(stmt).first()
        return _row_to_version(row) if row else None

    def write(self, record: StoredVersion, index: IndexRows | None, *, expected_version: int | None) -> int:
        try:
            seq = self.conn.execute(
                _INSERT_VERSION,
                {
                    "res_type": record.res_type,
                    "res_id": record.res_id,
                    "version": record.version,
                    "last_updated": record.last_updated,
                    "method": record.method,
                    "content": record.content,
                },
            ).scalar_one()
        except sa.exc.IntegrityError as exc:
            raise VersionConflict(f"{record.res_type}/{record.res_id} version {record.version} exists") from exc
        values = {
            "version": record.version,
            "seq": seq,
            "last_updated": record.last_updated,
            "deleted": record.deleted,
            "content": record.content,
        }
        if expected_version is None:
            stmt = self.store.insert_current
            params = {"res_type": record.res_type, "res_id": record.res_id, **values}
        else:
            stmt = _UPDATE_CURRENT
            params = {"k_type": record.res_type, "k_id": record.res_id, "k_version": expected_version, **values}
        if self.conn.execute(stmt, params).first() is None:
            raise VersionConflict(f"{record.res_type}/{record.res_id} was changed by another request")
        self.replace_index(record.res_type, record.res_id, index, fresh=expected_version is None)
        return int(seq)

    def write_many(self, items: Sequence[tuple[StoredVersion, IndexRows | None]]) -> list[int]:
        """Rows go to the driver's executemany as tuples: SQLAlchemy's per-row parameter handling
        cost more than the inserts themselves (about 10 index rows per resource)."""
        if not items:
            return []
        try:
            seqs = self._insert_versions(items)
            self._insert_rows(
                resources,
                [(r.res_type, r.res_id, r.version, seq, r.last_updated, False, r.content) for (r, _), seq in
                 zip(items, seqs, strict=True)],
            )  # fmt: skip
        except sa.exc.IntegrityError as exc:
            raise VersionConflict("One of the new resources exists already") from exc
        self._insert_index((record.res_type, record.res_id, index) for record, index in items)
        return seqs

    def _insert_index(self, indexed: Iterable[tuple[str, str, IndexRows | None]]) -> None:
        """Index rows of (type, id, rows) resources, one insert per index table."""
        by_kind: dict[str, list[tuple[Any, ...]]] = {}
        for res_type, res_id, index in indexed:
            for kind, rows in (index.rows if index else {}).items():
                fields = _INDEX_FIELDS[kind]
                by_kind.setdefault(kind, []).extend((res_type, res_id, *fields(row)) for row in rows)
        for kind, tuples in by_kind.items():
            self._insert_rows(INDEX_TABLES[kind], tuples)

    def _insert_versions(self, items: Sequence[tuple[StoredVersion, IndexRows | None]]) -> list[int]:
        """History rows for new resources; their sequence numbers, in order."""
        v = resource_versions
        seqs = self.store.allocate_seqs(self.conn, len(items))
        if seqs is not None:
            rows = [(seq, r.res_type, r.res_id, r.version, r.last_updated, r.method, r.content)
                    for (r, _), seq in zip(items, seqs, strict=True)]  # fmt: skip
            self.store.insert_rows(self.conn, v, [c.name for c in v.columns], rows)
            return seqs
        before = self.conn.execute(sa.select(sa.func.coalesce(sa.func.max(v.c.seq), 0))).scalar_one()
        self._insert_rows(v, [(r.res_type, r.res_id, r.version, r.last_updated, r.method, r.content) for r, _ in items])
        # Sequence values only grow, so ours are above ``before``; rows of concurrent writers that
        # committed meanwhile are told apart by their keys.
        new = sa.select(v.c.res_type, v.c.res_id, v.c.seq).where(v.c.seq > before)
        by_key = {(t, i): int(seq) for t, i, seq in self.conn.execute(new)}
        return [by_key[(r.res_type, r.res_id)] for r, _ in items]

    def _insert_rows(self, table: sa.Table, rows: list[tuple[Any, ...]]) -> None:
        """Insert tuples in the table's column order (without an autoincrement key)."""
        if rows:
            self.store.insert_rows(self.conn, table, _insert_columns(table), rows)

    def replace_index(self, res_type: str, res_id: str, index: IndexRows | None, *, fresh: bool) -> None:
        if not fresh:
            for table in INDEX_TABLES.values():
                self.conn.execute(table.delete().where(table.c.res_type == res_type, table.c.res_id == res_id))
        self._insert_index([(res_type, res_id, index)])

    def history(
        self,
        *,
        res_type: str | None,
        res_id: str | None,
        since: str | None,
        before_seq: int | None,
        count: int,
    ) -> list[StoredVersion]:
        v = resource_versions
        stmt = sa.select(v).where(*self._history_filters(res_type, res_id, since))
        if before_seq is not None:
            stmt = stmt.where(v.c.seq < before_seq)
        stmt = stmt.order_by(v.c.seq.desc()).limit(count)
        return [_row_to_version(r) for r in self.conn.execute(stmt)]

    def count_history(self, *, res_type: str | None, res_id: str | None, since: str | None) -> int:
        v = resource_versions
        stmt = sa.select(sa.func.count()).select_from(v).where(*self._history_filters(res_type, res_id, since))
        return int(self.conn.execute(stmt).scalar_one())

    @staticmethod
    def _history_filters(res_type: str | None, res_id: str | None, since: str | None) -> list[Any]:
        v = resource_versions
        filters = []
        if res_type:
            filters.append(v.c.res_type == res_type)
        if res_id:
            filters.append(v.c.res_id == res_id)
        if since:
            filters.append(v.c.last_updated >= since)
        return filters

    def execute(self, statement: Any, params: dict[str, Any] | None = None) -> Any:
        return self.conn.execute(statement, params)

    def load(self, keys: Sequence[tuple[str, str]]) -> list[StoredVersion]:
        """Current versions for (type, id) pairs, in the order asked."""
        found: dict[tuple[str, str], StoredVersion] = {}
        by_type: dict[str, list[str]] = {}
        for res_type, res_id in keys:
            by_type.setdefault(res_type, []).append(res_id)
        # one `type = ? AND id IN (...)` per type: a (type, id) row-value IN is not served by the
        # primary key on SQLite and scans the table
        for res_type, ids in by_type.items():
            for chunk in iter_chunks(ids, 500):
                stmt = sa.select(resources).where(resources.c.res_type == res_type, resources.c.res_id.in_(chunk))
                for row in self.conn.execute(stmt):
                    v = _row_to_version(row)
                    found[(v.res_type, v.res_id)] = v
        return [found[k] for k in keys if k in found]

    def lock_key(self, key: str) -> None:
        """Serialise writers that decide on the same key (e.g. a conditional create's criteria)."""
        self.store.lock_key(self.conn, key)


class SqlStore:
    """Shared behaviour; subclasses provide the engine and dialect specifics."""

    dialect = "sql"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def migrate(self, revision: str = "head") -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    @contextmanager
    def transaction(self) -> Iterator[SqlTx]:
        with self.engine.connect() as conn:
            self.before_write(conn)
            with conn.begin():
                yield SqlTx(conn, self)

    @contextmanager
    def read(self) -> Iterator[SqlTx]:
        with self.engine.connect() as conn:
            yield SqlTx(conn, self)
            conn.rollback()

    def before_write(self, conn: Connection) -> None:
        """Hook: prepare a connection for a write transaction (e.g. how it begins)."""

    def insert_ignore(self, table: sa.Table) -> Any:
        raise NotImplementedError

    @cached_property
    def insert_current(self) -> Any:
        """INSERT of a new current row that yields nothing when the row exists (a concurrent create)."""
        return self.insert_ignore(resources).returning(resources.c.version)

    def allocate_seqs(self, conn: Connection, n: int) -> list[int] | None:
        """``n`` history sequence numbers taken ahead of the insert, or None: the insert assigns them."""
        return None

    def insert_rows(self, conn: Connection, table: sa.Table, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        """Many rows at once: the driver's executemany, without SQLAlchemy's per-row handling."""
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
        conn.exec_driver_sql(sql, rows)

    def lock_key(self, conn: Connection, key: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.engine.dispose()
