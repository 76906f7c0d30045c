"""The document storage (S3) stopped during an upload: a message beside the field, nothing saved
half; the same upload once it is back is stored and served."""

import signal
import uuid

from tests.stack.test_two_servers import newest_document, signed_in, upload


def file_rows(stack):
    return stack.sql(
        "SELECT (SELECT count(*) FROM projects_projectfile),"
        " (SELECT count(*) FROM projects_projectfiledocument)"
    )[0]


def test_upload_while_the_storage_is_stopped_is_refused_beside_the_field(stack):
    a = signed_in(stack, "A")
    content = f"Toelichting {uuid.uuid4()}\n".encode()
    before = file_rows(stack)
    stack.s3.signal(signal.SIGSTOP)  # the storage hangs: connections open, no answers
    try:
        refused = upload(a, content)
    finally:
        stack.s3.signal(signal.SIGCONT)
    assert refused.status == 400  # refused input (portal.forms.form_status)
    error_list = refused.text.split('id="id_documents_error"', 1)[1].split("</ul>", 1)[0]
    assert "Het document kon nu niet worden opgeslagen" in error_list
    assert "Maatwerk voor de stacktest" in refused.text  # what was typed is kept
    assert file_rows(stack) == before  # no file row, no document row

    stored = upload(a, content)
    assert stored.status == 302, stored.text[:3000]
    document_id, name, _ = newest_document(stack)
    served = a.on(stack.web_ports["B"]).get(f"/projecten/10014/bestanden/documenten/{document_id}/")
    assert served.status == 200 and served.body == content
