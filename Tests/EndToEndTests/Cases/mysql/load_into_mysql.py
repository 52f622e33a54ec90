"""Loads a flowsite demo database (SQLite) into MySQL or MariaDB exactly as each app would hold it there.

    python load_into_mysql.py sqlmodel DEMO.db mysql://user:pw@host:port/db
    python load_into_mysql.py prisma   DEMO.db mysql://user:pw@host:port/db

sqlmodel: the tables are created by the real SQLModel library (`SQLModel.metadata.create_all` through PyMySQL, with
the models of ../../../WorkflowStoreTests/Fixtures/make_sqlmodel_fixture.py: VARCHAR(255), DATETIME, JSON) and rows
are written through SQLAlchemy, so JSON is json.dumps text and datetimes go through PyMySQL as the app sends them
(UTC wall times).
prisma: the tables are created by prisma-mysql.sql beside this file (the migration `prisma migrate` writes for the
design's schema on MySQL), and rows are written with PyMySQL as Prisma's client writes them: JSON.stringify text,
DATETIME(3) in UTC.
Needs `pip install sqlmodel pymysql` (make test installs them into ~/.cache/flowsite/venv).
"""
import importlib.util, json, os, sqlite3, sys
from datetime import datetime, timezone
from urllib.parse import unquote, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))


def sqlmodel_models():
    path = os.path.join(HERE, "..", "..", "..", "WorkflowStoreTests", "Fixtures", "make_sqlmodel_fixture.py")
    spec = importlib.util.spec_from_file_location("models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_time(value):
    """SQLModel text or Prisma integer milliseconds, as an aware UTC datetime (SQLModel refuses naive ones)."""
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


def load_sqlmodel(source, url):
    from sqlalchemy import insert
    from sqlmodel import SQLModel, create_engine
    models = sqlmodel_models()
    engine = create_engine(url.replace("mysql://", "mysql+pymysql://", 1) + "?charset=utf8mb4",
                           connect_args={"init_command": "SET time_zone = '+00:00'"})
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
            for start in range(0, len(rows), 5000):
                connection.execute(insert(tables[table]), rows[start:start + 5000])


def connect(url):
    import pymysql
    parts = urlsplit(url)
    return pymysql.connect(host=parts.hostname, port=parts.port or 3306, user=unquote(parts.username or ""),
                           password=unquote(parts.password or ""), database=parts.path.lstrip("/"), charset="utf8mb4",
                           init_command="SET time_zone = '+00:00'", autocommit=False)


def load_prisma(source, url):
    connection = connect(url)
    with connection.cursor() as cursor:
        with open(os.path.join(HERE, "prisma-mysql.sql")) as f:
            sql = "\n".join(line for line in f.read().splitlines() if not line.strip().startswith("--"))
            for statement in sql.split(";"):
                if statement.strip():
                    cursor.execute(statement)
        cursor.execute("INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) "
                       "VALUES ('0b6f1c52-8d7e-4a51-9a7e-3f0c2b1d9e11', 'c1f8b0e3d7a2945f6b1e0c9d8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5', "
                       "NOW(3), '20251124000000_init', NOW(3), 1)")
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
                # Prisma's client: JSON.stringify text for Json, NULL for an absent Json?, milliseconds for DateTime.
                rows.append(tuple(
                    json.dumps(values[c], separators=(",", ":"), ensure_ascii=False) if c in json_columns and values[c] is not None
                    else values[c].replace(microsecond=values[c].microsecond // 1000 * 1000, tzinfo=None) if isinstance(values[c], datetime)
                    else values[c] for c in columns))
            if rows:
                names = ", ".join(f"`{c}`" for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                for start in range(0, len(rows), 5000):
                    cursor.executemany(f"INSERT INTO `{table}` ({names}) VALUES ({marks})", rows[start:start + 5000])
    connection.commit()
    connection.close()


def main(layout, demo, url):
    source = sqlite3.connect(demo)
    source.row_factory = sqlite3.Row
    (load_sqlmodel if layout == "sqlmodel" else load_prisma)(source, url)


if __name__ == "__main__":
    main(*sys.argv[1:])
