"""Alembic: an empty PostgreSQL database goes to head, back to base and up again, and
autogenerate finds nothing the models have that the migrations lack."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import models
from migrations.runner import downgrade, upgrade
from models.db import make_engine
from tests.conftest import PG_ADMIN_URL, need_server


@pytest.fixture
def empty_database() -> Iterator[str]:
    need_server("PostgreSQL", "127.0.0.1", 5432)
    import psycopg

    name = f"mindpipe_migr_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_given_an_empty_database_when_migrated_up_down_up_then_schema_matches_models(
    empty_database: str,
) -> None:
    engine = make_engine(empty_database)
    upgrade(empty_database)
    tables_at_head = set(inspect(engine).get_table_names())
    assert set(models.Base.metadata.tables) <= tables_at_head

    downgrade(empty_database)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

    upgrade(empty_database)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, models.Base.metadata)
    engine.dispose()
    assert differences == []


def test_given_sqlite_when_migrated_to_head_then_every_table_exists(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    engine = make_engine(url)
    assert set(models.Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
