"""`manage.py backup` and `manage.py restore`: the database and its documents at one moment,
checksummed and encrypted, restored into an empty database and an empty bucket, table by table
and byte by byte; a damaged backup is refused before anything is restored."""

import subprocess
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
    gnupg = tmp_path / "gnupg"
    gnupg.mkdir(mode=0o700)
    subprocess.run(["gpg", "--batch", "--quick-gen-key", "--passphrase", "", "backup@example.nl",
                    "default", "default", "never"], env={"GNUPGHOME": str(gnupg)}, check=True,
                   capture_output=True)  # fmt: skip
    # pg_dump of the server's version; GnuPG's keyring with the backup key
    tools = {"PATH": f"{stack.pg.bin}:{stack.env['PATH']}", "GNUPGHOME": str(gnupg)}
    folder = tmp_path / "backup"

    result = stack.manage("backup", str(folder), "--encrypt-to", "backup@example.nl",
                          env={**stack.env, **tools})  # fmt: skip
    original = table_counts(stack, "klantportaal")
    encrypted = tmp_path / "backup.tar.gpg"
    assert not folder.exists() and encrypted.is_file(), result.stdout
    assert content not in encrypted.read_bytes()

    stack.sql("CREATE DATABASE restored", database="postgres")
    stack.s3_client().create_bucket(Bucket="restored")
    target = {"DATABASE_URL": stack.pg.url("restored"), "AWS_STORAGE_BUCKET_NAME": "restored"}
    result = stack.manage("restore", str(encrypted), env={**stack.env, **tools, **target})
    assert "Restored the database" in result.stdout and "checksums verified" in result.stdout

    restored = table_counts(stack, "restored")
    assert len(restored) > 30 and restored["projects_project"] > 0
    assert restored == original
    restored_document = stack.s3_client().get_object(Bucket="restored", Key=name)["Body"].read()
    assert restored_document == content

    again = stack.manage("restore", str(encrypted), env={**stack.env, **tools, **target},
                         check=False)  # fmt: skip
    assert again.returncode and "not empty" in again.stderr  # never over existing data

    # A damaged backup: refused before anything is restored
    plain = tmp_path / "plain"
    stack.manage("backup", str(plain), env={**stack.env, **tools})
    assert (
        stack.manage("restore", "--check", str(plain), env={**stack.env, **tools}).returncode == 0
    )
    document = plain / "documents" / name
    document.write_bytes(document.read_bytes() + b"!")
    damaged = stack.manage("restore", "--check", str(plain), env={**stack.env, **tools},
                           check=False)  # fmt: skip
    assert damaged.returncode and "damaged" in damaged.stderr
