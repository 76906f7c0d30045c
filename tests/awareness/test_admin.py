import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awareness.models import Attempt, AwarenessTest, Question
from awareness.services import attempt_start, attempt_submit
from portal.models import Event
from tests.awareness.conftest import answers, build_test
from tests.conftest import make_user
from tests.factories import AttemptFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["awarenesstest", "question", "choice", "attempt", "answer", "remoteaccessperson"]


def url(model, view="changelist", *args):
    return reverse(f"admin:awareness_{model}_{view}", args=args)


@pytest.fixture
def taken(ra_user, awareness_test):
    """The active test, taken (and failed) once by Piet: from now on it is frozen."""
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    return attempt_submit(attempt=attempt, answers=answers(awareness_test, wrong=3), by=ra_user)


def test_every_page_opens_for_staff(client_of, staff, taken):
    client = client_of(staff)
    question = taken.test.questions.first()
    choice = question.choices.first()
    pages = [url(model) for model in MODELS] + [
        url("awarenesstest", "add"),
        url("question", "add"),
        url("awarenesstest", "change", taken.test.pk),
        url("question", "change", question.pk),
        url("choice", "change", choice.pk),
        url("attempt", "change", taken.pk),
        url("remoteaccessperson", "change", taken.person.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_not_for_non_staff_or_anonymous(client, client_of, ra_user, taken):
    for model in MODELS:
        response = client.get(url(model))
        assert response.status_code == 302 and "login" in response.url
    client = client_of(ra_user)
    for model in MODELS:
        response = client.get(url(model))
        assert response.status_code == 302 and "login" in response.url


def test_readonly_staff_sees_but_cannot_change(client_of, readonly_staff, taken, awareness_test):
    client = client_of(readonly_staff)
    for model in MODELS:
        assert client.get(url(model)).status_code == 200
    response = client.post(
        url("awarenesstest"),
        {"action": "make_new_version", "_selected_action": [awareness_test.pk]},
    )
    assert AwarenessTest.objects.count() == 1
    assert response.status_code in (200, 302)
    other = build_test(year=2030)
    response = client.post(
        url("awarenesstest", "change", other.pk),
        {"name": "Gewijzigd", "year": 2030, "version": 1, "pass_mark": 10},
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name != "Gewijzigd"


def test_a_test_with_attempts_is_read_only(client_of, staff, taken):
    client = client_of(staff)
    test = taken.test
    question = test.questions.first()
    page = client.get(url("awarenesstest", "change", test.pk))
    inline = page.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission
    assert not inline.has_change_permission
    assert not inline.has_delete_permission
    assert "Nieuwe versie maken" in page.content.decode()
    assert set(page.context["adminform"].readonly_fields) >= {"name", "year", "pass_mark"}

    # The question and its choices: view only; a forged POST is refused.
    response = client.get(url("question", "change", question.pk))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    response = client.post(
        url("question", "change", question.pk),
        {"test": test.pk, "position": 0, "text": "Herschreven", "required": "on"},
    )
    assert response.status_code == 403
    choice = question.choices.first()
    assert client.post(url("choice", "change", choice.pk), {"text": "x"}).status_code == 403
    assert client.post(url("question", "delete", question.pk), {"post": "yes"}).status_code == 403
    question.refresh_from_db()
    assert question.text != "Herschreven"
    # Nor can a new question be added to it.
    response = client.post(
        url("question", "add"),
        {
            "test": test.pk,
            "position": 9,
            "text": "Nieuwe vraag",
            "required": "on",
            **_choice_forms([("a", True), ("b", False)]),
        },
    )
    assert response.status_code == 200
    assert not Question.objects.filter(text="Nieuwe vraag").exists()


def test_make_new_version_action(client_of, staff, taken):
    client = client_of(staff)
    response = client.post(
        url("awarenesstest"), {"action": "make_new_version", "_selected_action": [taken.test.pk]}
    )
    copy = AwarenessTest.objects.get(version=2)
    assert response.status_code == 302
    assert response.url == url("awarenesstest", "change", copy.pk)
    assert not copy.is_active
    assert copy.questions.count() == taken.test.questions.count() == 5
    # The copy is editable.
    page = client.get(url("awarenesstest", "change", copy.pk))
    assert page.context["inline_admin_formsets"][0].has_change_permission


def test_activate_action_keeps_one_active(client_of, staff, awareness_test):
    other = build_test(year=2025)
    client_of(staff).post(
        url("awarenesstest"), {"action": "activate", "_selected_action": [other.pk]}
    )
    assert list(AwarenessTest.objects.filter(is_active=True)) == [other]
    assert Event.objects.filter(verb="awareness.test_activate", actor=staff).exists()


def _choice_forms(choices, prefix="choices"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(choices)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (text, correct) in enumerate(choices):
        data[f"{prefix}-{index}-position"] = str(index)
        data[f"{prefix}-{index}-text"] = text
        if correct:
            data[f"{prefix}-{index}-is_correct"] = "on"
    return data


def test_question_needs_exactly_one_right_answer(client_of, staff, db):
    test = build_test(required=1, optional=0, year=2031)
    client = client_of(staff)
    base = {"test": test.pk, "position": 5, "text": "Nieuwe vraag", "required": "on"}
    for choices in ([("a", False), ("b", False)], [("a", True), ("b", True)], [("a", True)]):
        response = client.post(url("question", "add"), {**base, **_choice_forms(choices)})
        assert response.status_code == 200
        assert not Question.objects.filter(text="Nieuwe vraag").exists()
    html = response.content.decode()
    assert "Geef ten minste twee antwoorden." in html
    response = client.post(
        url("question", "add"), {**base, **_choice_forms([("a", False), ("b", True)])}
    )
    assert response.status_code == 302
    question = Question.objects.get(text="Nieuwe vraag")
    assert [c.is_correct for c in question.choices.all()] == [False, True]
    assert Event.objects.filter(verb="admin.add", actor=staff).count() == 3


def test_csv_export(client_of, staff, awareness_test, institution):
    person = PersonFactory(
        institution=institution,
        initials="J.",
        first_name='Jan "JJ"',
        last_name="=HYPERLINK(1);Klaassen",
        pid_code="PID9",
        email="jan@example.nl",
    )
    passed = AttemptFactory(
        person=person,
        test=awareness_test,
        number=1,
        submitted_at=timezone.now(),
        correct=5,
        total=5,
        score=100,
        passed=True,
        valid_until=datetime.date(2027, 1, 31),
    )
    AttemptFactory(person=person, test=awareness_test, number=2)
    response = client_of(staff).post(
        url("attempt"),
        {
            "action": "export_csv",
            "_selected_action": list(Attempt.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="awarenesstoetsen-')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == [
        "Omschrijving",
        "Respondent",
        "E-mail",
        "Instelling",
        "PIDcode",
        "Toets",
        "Versie",
        "Poging",
        "Gestart",
        "Ingediend",
        "Goede antwoorden",
        "Vragen",
        "Score (%)",
        "Geslaagd",
        "Geldig tot",
    ]
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    # Quotes and separators survive; a leading "=" cannot become a formula.
    assert first["Respondent"] == 'Jan "JJ" =HYPERLINK(1);Klaassen'
    assert first["Omschrijving"] == passed.description
    assert first["Instelling"] == "AFAS Software"
    assert (first["Score (%)"], first["Geslaagd"], first["Geldig tot"]) == (
        "100",
        "ja",
        "31-01-2027",
    )
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["Poging"], second["Geslaagd"], second["Ingediend"]) == ("2", "", "")


def _export(client, pks):
    response = client.post(url("attempt"), {"action": "export_csv", "_selected_action": pks})
    return response, b"".join(response.streaming_content).decode("utf-8")


def test_csv_export_streams_in_the_same_queries_at_any_size(
    client_of, staff, awareness_test, institution
):
    """The export is streamed, and reads its rows with one query (no query per row): the
    queries of exporting 2 attempts and 12 are the same; the login's address is the email."""
    client = client_of(staff)
    login = UserFactory(
        person=PersonFactory(institution=institution, email="person@example.nl"),
        email="login@example.nl",
    )
    AttemptFactory(person=login.person, test=awareness_test, number=1)
    AttemptFactory(person=PersonFactory(institution=institution), test=awareness_test, number=1)
    pks = list(Attempt.objects.values_list("pk", flat=True))
    _export(client, pks)  # the first request of a session reads a few things once
    with CaptureQueriesContext(connection) as small:
        response, text = _export(client, pks)
    assert response.streaming
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert len(rows) == 3
    assert "login@example.nl" in [row[2] for row in rows]
    for _ in range(10):
        AttemptFactory(person=PersonFactory(institution=institution), test=awareness_test)
    pks = list(Attempt.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as large:
        response, text = _export(client, pks)
    assert len(list(csv.reader(io.StringIO(text[1:]), delimiter=";"))) == 13
    assert len(large) == len(small)


def test_csv_neutralizes_formulas(client_of, staff, awareness_test, institution):
    person = PersonFactory(institution=institution, first_name="=cmd|' /C calc'!A0", last_name="X")
    AttemptFactory(person=person, test=awareness_test, number=1)
    response = client_of(staff).post(
        url("attempt"),
        {
            "action": "export_csv",
            "_selected_action": list(Attempt.objects.values_list("pk", flat=True)),
        },
    )
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:]), delimiter=";")
    )
    assert rows[1][1].startswith("'=cmd")


def test_overdue_filter(client_of, staff, ra_user, awareness_test, institution):
    valid = make_user(institution, pid_code="PID-V", last_name="Geldig")
    AttemptFactory(
        person=valid.person,
        test=awareness_test,
        passed=True,
        submitted_at=timezone.now(),
        valid_until=timezone.localdate() + datetime.timedelta(days=200),
    )
    expired = make_user(institution, pid_code="PID-E", last_name="Verlopen")
    AttemptFactory(
        person=expired.person,
        test=awareness_test,
        passed=True,
        submitted_at=timezone.now() - datetime.timedelta(days=400),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    soon = make_user(institution, pid_code="PID-S", last_name="Binnenkort")
    AttemptFactory(
        person=soon.person,
        test=awareness_test,
        passed=True,
        submitted_at=timezone.now(),
        valid_until=timezone.localdate() + datetime.timedelta(days=10),
    )
    make_user(institution, pid_code="", last_name="Geenremoteaccess")
    client = client_of(staff)

    def listed(query):
        response = client.get(url("remoteaccessperson") + query)
        return sorted(p.last_name for p in response.context["cl"].result_list)

    assert listed("") == ["Bakker", "Binnenkort", "Geldig", "Verlopen"]
    assert listed("?awareness=overdue") == ["Bakker", "Verlopen"]
    assert listed("?awareness=expiring") == ["Binnenkort"]
    assert listed("?awareness=valid") == ["Binnenkort", "Geldig"]
    html = client.get(url("remoteaccessperson") + "?awareness=overdue").content.decode()
    assert "Nooit gehaald" in html and "Verlopen" in html
    # Its link to the person's attempts works.
    response = client.get(url("attempt") + f"?person__id__exact={expired.person.pk}")
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


def test_changelists_do_not_grow_in_queries(client_of, staff, awareness_test, institution):
    client = client_of(staff)

    def add_people(n):
        for _ in range(n):
            user = make_user(institution, pid_code="PID")
            AttemptFactory(person=user.person, test=awareness_test, passed=False)

    def counts():
        result = []
        for model in MODELS:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(model)).status_code == 200
            result.append(len(queries))
        return result

    add_people(2)
    client.get(url("attempt"))
    few = counts()
    add_people(8)
    assert counts() == few


def test_a_test_with_attempts_cannot_be_deleted(client_of, staff, taken):
    client = client_of(staff)
    assert (
        client.post(url("awarenesstest", "delete", taken.test.pk), {"post": "yes"}).status_code
        == 403
    )
    assert client.post(url("attempt", "delete", taken.pk), {"post": "yes"}).status_code == 403
    assert AwarenessTest.objects.filter(pk=taken.test.pk).exists()
    assert Attempt.objects.filter(pk=taken.pk).exists()


def test_delete_page_of_a_frozen_test_says_why_and_deletes_nothing(client_of, staff, taken):
    client = client_of(staff)
    question = taken.test.questions.first()
    for page, kept in [
        (url("awarenesstest", "delete", taken.test.pk), "Deze toets is al gemaakt"),
        (url("question", "delete", question.pk), "Gebruik de actie"),
        (url("choice", "delete", question.choices.first().pk), "Gebruik de actie"),
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert kept in html and 'name="post"' not in html
        assert client.post(page, {"post": "yes"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()
    # A test nobody has taken can still be deleted.
    fresh = build_test(year=2031, required=1, optional=0)
    assert 'name="post"' in client.get(url("awarenesstest", "delete", fresh.pk)).content.decode()


def test_export_is_not_offered_to_readonly_staff(client_of, readonly_staff, taken):
    client = client_of(readonly_staff)
    page = client.get(url("attempt"))
    assert page.status_code == 200 and page.context.get("action_form") is None
    response = client.post(url("attempt"), {"action": "export_csv", "_selected_action": [taken.pk]})
    assert response.get("Content-Type", "").startswith("text/html")
    assert not hasattr(response, "streaming_content")


def test_status_page_opens_for_a_person_without_remote_access(client_of, staff, institution):
    plain = make_user(institution, pid_code="", last_name="Geenremoteaccess")
    client = client_of(staff)
    assert "Geenremoteaccess" not in client.get(url("remoteaccessperson")).content.decode()
    page = client.get(url("remoteaccessperson", "change", plain.person.pk))
    assert page.status_code == 200
    assert "Geenremoteaccess" in page.content.decode()
    assert page.context["adminform"].form.instance.pk == plain.person.pk
