"""Retention with the documents on S3: a closed project whose archive ends loses every stored
file the register removes (an uploaded document, a message's attachment, an output check's form,
an unsigned agreement's PDF) from the bucket; the signed contract and other projects' documents
stay."""

import json

# Made in the stack's own database and bucket through the portal's models and storage.
MAKE = """
import datetime
import json
from django.core.files.base import ContentFile
from agreements.models import Agreement, AgreementStatus, AgreementText
from changes.models import OutputCheck
from messaging.models import Attachment, Message, Thread
from projects.models import Project, ProjectFile, ProjectFileDocument

PDF = b"%PDF-1.4\\n1 0 obj <<>> endobj\\ntrailer <<>>\\n%%EOF\\n"
project = Project.objects.get(number=10041)
names = {}
project_file = ProjectFile.objects.create(project=project, kind="custom")
document = ProjectFileDocument(project_file=project_file, original_name="plan.pdf",
                               content_type="application/pdf", size=40)
document.document.save("plan.pdf", ContentFile(PDF), save=True)
names["document"] = document.document.name
thread, _ = Thread.objects.get_or_create(project=project, defaults={"subject": "Project"})
message = Message.objects.create(thread=thread, author_name="Piet Bakker", body="Zie bijlage")
attachment = Attachment(message=message, original_name="b.pdf", content_type="application/pdf",
                        size=40)
attachment.document.save("b.pdf", ContentFile(PDF), save=True)
names["attachment"] = attachment.document.name
check = OutputCheck(project=project, description="Tabellen", package_name="export-1",
                    form_name="form.pdf", content_type="application/pdf", size=40,
                    expected_answer_date=datetime.date.today())
check.form_document.save("form.pdf", ContentFile(PDF), save=False)
check.save()
names["form"] = check.form_document.name
text = AgreementText.objects.order_by("-version").first() or AgreementText.objects.create(
    version=99, title="Overeenkomst", text="Artikel 1.")
declined = Agreement.objects.create(project=project, status=AgreementStatus.DECLINED,
                                    text_version=text)
declined.pdf.save("concept.pdf", ContentFile(PDF), save=True)
names["declined"] = declined.pdf.name
signed = Agreement.objects.create(project=project, status=AgreementStatus.COUNTERSIGNED,
                                  text_version=text)
signed.signed_pdf.save("getekend.pdf", ContentFile(PDF), save=True)
names["contract"] = signed.signed_pdf.name
print(json.dumps(names))
"""


def keys(stack) -> set[str]:
    listed = stack.s3_client().list_objects_v2(Bucket=stack.bucket)
    return {item["Key"] for item in listed.get("Contents", [])}


def test_retention_removes_the_archive_s_files_from_the_bucket(stack):
    names = json.loads(stack.manage("shell", "-c", MAKE).stdout.strip().splitlines()[-1])
    before = keys(stack)
    assert set(names.values()) <= before
    stack.sql(
        "UPDATE projects_project SET archive_until = current_date - 1,"
        " status = 'closed', closed_on = current_date - 400 WHERE number = 10041"
    )

    ran = stack.manage("archive_retention")

    assert "Project 10041: archive removed" in ran.stdout, ran.stdout
    removed = {names[kind] for kind in ("document", "attachment", "form", "declined")}
    after = keys(stack)
    assert not removed & after
    assert names["contract"] in after  # a contract: kept AGREEMENT_YEARS after the end
    assert before - after == removed  # nothing else left the bucket
    rows = stack.sql(
        "SELECT (SELECT count(*) FROM messaging_attachment a JOIN messaging_message m"
        " ON m.id = a.message_id JOIN messaging_thread t ON t.id = m.thread_id"
        " JOIN projects_project p ON p.id = t.project_id WHERE p.number = 10041),"
        " (SELECT count(*) FROM changes_outputcheck c JOIN projects_project p"
        " ON p.id = c.project_id WHERE p.number = 10041)"
    )[0]
    assert rows == (0, 0)
    again = stack.manage("archive_retention")
    assert "Archives removed: 0." in again.stdout and keys(stack) == after
