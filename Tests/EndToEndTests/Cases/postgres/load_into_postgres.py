"""Loads a flowsite demo database (SQLite) into PostgreSQL exactly as each app would hold it there.

    python load_into_postgres.py sqlmodel DEMO.db postgresql://user:pw@host:port/db [SCHEMA]
    python load_into_postgres.py prisma   DEMO.db postgresql://user:pw@host:port/db [SCHEMA]

sqlmodel: the tables are created by the real SQLModel library (`SQLModel.metadata.create_all`, with the models of
../../../WorkflowStoreTests/Fixtures/make_sqlmodel_fixture.py) and rows are written through SQLAlchemy, so JSON is
json.dumps text in `json` columns and datetimes go through psycopg2 as the app sends them.
prisma: the tables are created by prisma-postgres.sql beside this file (the migration `prisma migrate` writes for the
design's schema), and rows are written with psycopg2: JSON into `jsonb`, datetimes as timestamp(3) in UTC.
Needs `pip install sqlmodel psycopg2-binary` (make test installs them into ~/.cache/flowsite/venv).
"""
import importlib.util, json, os, sqlite3, sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))


def sqlmodel_models():
    path = os.path.join(HERE, "..", "..", "..", "WorkflowStoreTests", "Fixtures", "make_sqlmodel_fixture.py")
    spec = importlib.util.spec_from_file_location("models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_time(value):
    """SQLModel text or Prisma integer milliseconds, as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    text = value.replace("T", " ").replace("Z", "")
    for form in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, form).replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    raise ValueError(f"unreadable datetime {value!r}")


def parse_json(text):
    return None if text is None else json.loads(text)


def load_sqlmodel(source, url, schema):
    from sqlalchemy import insert
    from sqlmodel import SQLModel, create_engine
    models = sqlmodel_models()
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1),
                           connect_args={"options": f"-c timezone=utc -c search_path={schema}"})
    with engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    SQLModel.metadata.create_all(engine)
    tables = SQLModel.metadata.tables
    conversions = {
        "user": {"created_at": parse_time},
        "workflow": {"structured_definition": parse_json, "created_at": parse_time, "updated_at": parse_time},
        "integration": {"config": parse_json, "created_at": parse_time},
        "workflowrun": {"triggered_at": parse_time, "trigger_data": parse_json, "output_data": parse_json},
    }
    with engine.begin() as connection:
        for table, convert in conversions.items():
            rows = [dict(row) for row in source.execute(f'SELECT * FROM "{table}"')]
            for row in rows:
                for column, function in convert.items():
                    row[column] = function(row[column])
            if rows:
                connection.execute(insert(tables[table]), rows)
        for table in conversions:
            connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))")


def load_prisma(source, url, schema):
    import psycopg2
    from psycopg2.extras import Json, execute_values
    connection = psycopg2.connect(url, options=f"-c timezone=utc")
    with connection, connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"; SET search_path TO "{schema}"')
        with open(os.path.join(HERE, "prisma-postgres.sql")) as f:
            cursor.execute(f.read())
        conversions = {
            "User": {"createdAt": parse_time},
            "Workflow": {"structuredDefinition": parse_json, "createdAt": parse_time, "updatedAt": parse_time},
            "Integration": {"config": parse_json, "createdAt": parse_time},
            "WorkflowRun": {"triggeredAt": parse_time, "triggerData": parse_json, "outputData": parse_json},
        }
        json_columns = {"structuredDefinition", "config", "triggerData", "outputData"}
        for table, convert in conversions.items():
            cursor_rows = source.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor_rows.description]
            rows = []
            for row in cursor_rows:
                values = dict(zip(columns, row))
                for column, function in convert.items():
                    values[column] = function(values[column])
                rows.append(tuple(Json(values[c]) if c in json_columns and values[c] is not None else values[c] for c in columns))
            if rows:
                execute_values(cursor, f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) VALUES %s', rows)
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))")


def main(layout, demo, url, schema="public"):
    source = sqlite3.connect(demo)
    source.row_factory = sqlite3.Row
    (load_sqlmodel if layout == "sqlmodel" else load_prisma)(source, url, schema)


if __name__ == "__main__":
    main(*sys.argv[1:])
