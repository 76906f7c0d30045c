"""`manage.py backup` and `manage.py restore`: the database and the documents, restored into an
empty database and an empty bucket, table by table and byte by byte."""

import uuid

from tests.stack.test_two_servers import newest_document, signed_in, upload


def table_counts(stack, database: str) -> dict[str, int]:
    tables = stack.sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", database=database
    )
    return {
        name: stack.sql(f'SELECT count(*) FROM "{name}"', database=database)[0][0]  # noqa: S608
        for (name,) in tables
    }


def test_backup_restores_into_an_empty_database_and_bucket(stack, tmp_path):
    content = f"Te bewaren {uuid.uuid4()}\n".encode()
    assert upload(signed_in(stack, "A"), content).status == 302
    _, name, _ = newest_document(stack)
    tools = {"PATH": f"{stack.pg.bin}:{stack.env['PATH']}"}  # pg_dump of the server's version
    folder = tmp_path / "backup"

    stack.manage("backup", str(folder), env={**stack.env, **tools})
    original = table_counts(stack, "klantportaal")

    stack.sql("CREATE DATABASE restored", database="postgres")
    stack.s3_client().create_bucket(Bucket="restored")
    target = {"DATABASE_URL": stack.pg.url("restored"), "AWS_STORAGE_BUCKET_NAME": "restored"}
    result = stack.manage("restore", str(folder), env={**stack.env, **tools, **target})
    assert "Restored the database" in result.stdout

    restored = table_counts(stack, "restored")
    assert len(restored) > 30 and restored["projects_project"] > 0
    assert restored == original
    restored_document = stack.s3_client().get_object(Bucket="restored", Key=name)["Body"].read()
    assert restored_document == content

    again = stack.manage("restore", str(folder), env={**stack.env, **tools, **target}, check=False)
    assert again.returncode and "not empty" in again.stderr  # never over existing data
