import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awareness.models import Answer, Attempt
from awareness.services import attempt_start, attempt_submit
from tests.awareness.conftest import answers, build_test, post_data
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def start_url():
    return reverse("awareness:start")


def attempt_url(attempt):
    return reverse("awareness:attempt", args=[attempt.pk])


def submit_url(attempt):
    return reverse("awareness:submit", args=[attempt.pk])


@pytest.fixture
def attempt(ra_user, awareness_test):
    return attempt_start(person=ra_user.person, by=ra_user)


# --- who may ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, attempt):
    for method, url in [
        ("get", reverse("awareness:index")),
        ("post", start_url()),
        ("get", attempt_url(attempt)),
        ("post", submit_url(attempt)),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert Attempt.objects.count() == 1


def test_wrong_methods(client_of, ra_user, attempt):
    client = client_of(ra_user)
    assert client.post(reverse("awareness:index")).status_code == 405
    assert client.get(start_url()).status_code == 405
    assert client.post(attempt_url(attempt)).status_code == 405
    assert client.get(submit_url(attempt)).status_code == 405


def test_staff_without_person_gets_404(client_of, staff, awareness_test):
    client = client_of(staff)
    assert client.get(reverse("awareness:index")).status_code == 404
    assert client.post(start_url()).status_code == 404
    assert not Attempt.objects.exists()


def test_someone_elses_attempt_is_not_visible_or_submittable(client_of, other_ra_user, attempt):
    client = client_of(other_ra_user)
    assert client.get(attempt_url(attempt)).status_code == 404
    response = client.post(submit_url(attempt), post_data(answers(attempt.test)))
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not Answer.objects.exists()
    # Nor after it was submitted (the result page).
    attempt_submit(attempt=attempt, answers=answers(attempt.test), by=None)
    assert client.get(attempt_url(attempt)).status_code == 404


def test_unknown_attempt_404(client_of, ra_user, awareness_test):
    assert client_of(ra_user).get(reverse("awareness:attempt", args=[999999])).status_code == 404


# --- the pages ----------------------------------------------------------------------------


def test_index_get_creates_nothing_and_offers_start(client_of, ra_user, awareness_test):
    response = client_of(ra_user).get(reverse("awareness:index"))
    assert response.status_code == 200
    assert not Attempt.objects.exists()
    html = response.content.decode()
    assert "<h1>Awarenesstoets</h1>" in html
    assert "Toets starten" in html
    assert "Je hebt geen geldige awarenesstoets." in html
    assert "Je hebt de awarenesstoets nog niet gemaakt." in html


def test_index_without_active_test(client_of, ra_user, db):
    build_test()
    response = client_of(ra_user).get(reverse("awareness:index"))
    assert "Er is op dit moment geen awarenesstoets om te maken." in response.content.decode()
    response = client_of(ra_user).post(start_url(), follow=True)
    assert "Er is op dit moment geen awarenesstoets om te maken." in response.content.decode()
    assert not Attempt.objects.exists()


def test_start_creates_an_attempt_and_shows_the_test(client_of, ra_user, awareness_test):
    client = client_of(ra_user)
    response = client.post(start_url())
    attempt = Attempt.objects.get()
    assert response.status_code == 302 and response.url == attempt_url(attempt)
    assert (attempt.person, attempt.test, attempt.number) == (ra_user.person, awareness_test, 1)
    html = client.get(attempt_url(attempt)).content.decode()
    assert "Awarenesstoets 2024 - Toets 1--P. Bakker" in html
    assert "<dt>Respondent</dt>" in html and "Piet Bakker" in html
    assert "*=Verplicht" in html
    assert html.count("<fieldset") == 5 and html.count("<legend") == 5
    assert html.count('<span class="cbs-visually-hidden">(verplicht)</span>') == 4
    assert "Vraag 1?" in html and "Antwoord 1b" in html
    # Starting again continues the open attempt.
    assert client.post(start_url()).url == attempt_url(attempt)
    assert Attempt.objects.count() == 1
    index = client.get(reverse("awareness:index")).content.decode()
    assert "Verder met toets 1" in index


def test_questions_in_english(client_of, ra_user, attempt):
    client = client_of(ra_user)
    html = client.get("/en" + attempt_url(attempt)).content.decode()
    assert "Question 1?" in html and "Answer 1b" in html
    assert "Vraag 1?" not in html
    assert "*=Required" in html


def test_unanswered_required_question_is_marked_and_answers_kept(client_of, ra_user, attempt):
    given = answers(attempt.test, skip=(0, 4))
    response = client_of(ra_user).post(submit_url(attempt), post_data(given))
    assert response.status_code == 400
    html = response.content.decode()
    first = attempt.test.questions.first()
    # The error sits in the question's own fieldset, which points to it.
    assert f'aria-describedby="id_question_{first.pk}_error"' in html
    assert f'<ul class="cbs-form-errors" id="id_question_{first.pk}_error">' in html
    assert html.count("Beantwoord deze vraag.") == 2  # beside the question and in the summary
    assert f'href="#question-{first.pk}"' in html
    # The optional question 5 was left open without complaint; what was chosen is kept.
    for qid, cid in given.items():
        if cid is not None:
            # The answers are in the attempt's own order: which radio of the group is not fixed.
            radio = f'name="question_{qid}" value="{cid}" id="id_question_{qid}_[0-3]"'
            assert re.search(radio + " required checked", html)
    assert html.count(" checked") == 3
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not Answer.objects.exists()


def test_bad_choice_is_refused_beside_the_question(client_of, ra_user, attempt):
    given = answers(attempt.test)
    qid = next(iter(given))
    data = post_data(given)
    data[f"question_{qid}"] = "not-a-choice"
    response = client_of(ra_user).post(submit_url(attempt), data)
    assert response.status_code == 400
    assert "Kies een van de antwoorden." in response.content.decode()
    assert not Answer.objects.exists()


def test_submit_passing_shows_which_questions_were_wrong_not_the_answers(
    client_of, ra_user, attempt
):
    client = client_of(ra_user)
    response = client.post(submit_url(attempt), post_data(answers(attempt.test, wrong=1)))
    assert response.status_code == 302 and response.url == attempt_url(attempt)
    attempt.refresh_from_db()
    assert (attempt.correct, attempt.total, attempt.score, attempt.passed) == (4, 5, 80, True)
    html = client.get(response.url).content.decode()
    assert "Je bent geslaagd voor de awarenesstoets." in html
    assert "4 van de 5 vragen goed (80%)" in html
    assert "Geslaagd" in html
    assert attempt.valid_until.strftime("%d-%m-%Y") in html
    # Per question: right or wrong. Never the right answer, the answer given, why, or the
    # explanation: the result is no key to the next attempt.
    assert html.count("<strong>Fout</strong>") == 1 and html.count("<strong>Goed</strong>") == 4
    assert "Vraag 1?" in html
    for leak in ("Juiste antwoord", "Antwoord 1", "Daarom", "Toelichting 1", "Jouw antwoord"):
        assert leak not in html, leak
    assert "Opnieuw proberen" not in html


def test_a_failed_test_can_be_taken_again_after_the_waiting_time(client_of, ra_user, attempt):
    client = client_of(ra_user)
    response = client.post(
        submit_url(attempt), post_data(answers(attempt.test, wrong=2, skip=(4,))), follow=True
    )
    html = response.content.decode()
    assert "Je bent niet geslaagd voor de awarenesstoets." in html
    assert "Niet geslaagd" in html
    assert "Antwoord 1" not in html and "(niet beantwoord)" not in html
    attempt.refresh_from_db()
    moment = timezone.localtime(attempt.submitted_at + datetime.timedelta(days=1))
    assert f"Je kunt de toets opnieuw maken vanaf {moment:%d-%m-%Y %H:%M}." in html
    assert "Opnieuw proberen" not in html
    assert "Toets starten" not in client.get(reverse("awareness:index")).content.decode()
    # Starting at once is refused (a form posted anyway, or a second tab).
    refused = client.post(start_url(), follow=True)
    assert "Je kunt de toets opnieuw maken vanaf" in refused.content.decode()
    assert Attempt.objects.filter(person=ra_user.person).count() == 1
    # A day later: a fresh attempt.
    Attempt.objects.filter(pk=attempt.pk).update(
        submitted_at=attempt.submitted_at - datetime.timedelta(days=1, minutes=1)
    )
    assert "Opnieuw proberen" in client.get(attempt_url(attempt)).content.decode()
    retry = client.post(start_url())
    second = Attempt.objects.get(number=2)
    assert retry.url == attempt_url(second)
    assert "Awarenesstoets 2024 - Toets 2--P. Bakker" in client.get(retry.url).content.decode()


def test_every_attempt_draws_its_own_order_and_keeps_it(client_of, ra_user, db):
    test = build_test(required=9, optional=0, is_active=True)
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    client = client_of(ra_user)

    def shown(pk):
        html = client.get(attempt_url(Attempt.objects.get(pk=pk))).content.decode()
        return re.findall(r'id="question-(\d+)"', html), re.findall(r'value="(\d+)"', html)

    first = shown(attempt.pk)
    assert first == shown(attempt.pk)  # the same order on every visit of the attempt
    assert sorted(map(int, first[0])) == sorted(test.questions.values_list("pk", flat=True))
    orders = []
    for seed in (1, 2):  # two draws (fixed here, so the test always says the same)
        Attempt.objects.filter(pk=attempt.pk).update(order_seed=seed)
        orders.append(shown(attempt.pk))
    assert orders[0] != orders[1]  # another draw, another order of questions and answers
    assert orders[0][0] != sorted(orders[0][0], key=int) or orders[1][0] != sorted(
        orders[1][0], key=int
    )  # not simply the test's own order
    seeds = {attempt_start(person=make_user(ra_user.person.institution).person, by=None).order_seed
             for _ in range(3)}  # fmt: skip
    assert len(seeds) > 1  # drawn afresh, not one order for everybody


def test_submitted_attempt_cannot_be_changed(client_of, ra_user, attempt):
    client = client_of(ra_user)
    client.post(submit_url(attempt), post_data(answers(attempt.test, wrong=3)))
    attempt.refresh_from_db()
    before = (attempt.submitted_at, attempt.correct, attempt.passed)
    response = client.post(submit_url(attempt), post_data(answers(attempt.test)), follow=True)
    assert "Deze toets is al ingediend en kan niet meer worden gewijzigd." in (
        response.content.decode()
    )
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.correct, attempt.passed) == before
    assert Answer.objects.filter(attempt=attempt).count() == 5
    # The page of a submitted attempt is its result, not a form.
    result = client.get(attempt_url(attempt)).content.decode()
    assert submit_url(attempt) not in result and 'type="radio"' not in result


def test_index_lists_attempts_and_status(client_of, ra_user, attempt):
    client = client_of(ra_user)
    client.post(submit_url(attempt), post_data(answers(attempt.test)))
    attempt.refresh_from_db()
    html = client.get(reverse("awareness:index")).content.decode()
    assert "Awarenesstoets 2024 - Toets 1--P. Bakker" in html
    assert f"Dit is geldig tot {attempt.valid_until:%d-%m-%Y}" in html
    assert "100%" in html


def test_queries_do_not_grow_with_questions(client_of, ra_user, db):
    def count(required):
        test = build_test(required=required, optional=0, is_active=True)
        attempt = attempt_start(person=ra_user.person, by=ra_user)
        client = client_of(ra_user)
        client.get(reverse("awareness:index"))  # the session's first request does more
        with CaptureQueriesContext(connection) as take:
            client.get(attempt_url(attempt))
        attempt_submit(attempt=attempt, answers=answers(test), by=ra_user)
        with CaptureQueriesContext(connection) as result:
            client.get(attempt_url(attempt))
        test.is_active = False
        test.save()
        return len(take), len(result)

    assert count(2) == count(9)


def test_status_partial_for_my_details(ra_user, attempt):
    from django.template.loader import render_to_string

    from awareness.services import awareness_status

    assert "Geen geldige awarenesstoets" in render_to_string(
        "awareness/_status.html", {"awareness_status": None}
    )
    # Handed in at 23:30 UTC, already the next day in the Netherlands: the day it shows.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    late = yesterday.replace(hour=23, minute=30, second=0, microsecond=0)
    attempt = attempt_submit(attempt=attempt, answers=answers(attempt.test), by=ra_user, now=late)
    html = render_to_string(
        "awareness/_status.html", {"awareness_status": awareness_status(ra_user.person)}
    )
    passed_on = timezone.localdate(late)
    assert passed_on != late.date()
    assert (
        f"Gehaald op {passed_on:%d-%m-%Y}, geldig tot {attempt.valid_until:%d-%m-%Y}"
        in " ".join(html.split())
    )


def test_result_in_english(client_of, ra_user, attempt):
    attempt_submit(attempt=attempt, answers=answers(attempt.test, wrong=1), by=ra_user)
    html = client_of(ra_user).get("/en" + attempt_url(attempt)).content.decode()
    assert "4 of 5 questions correct (80%)" in html
    assert "Question 1?" in html and "<strong>Wrong</strong>" in html
    assert "Right answer" not in html and "Answer 1b" not in html and "Because 1" not in html
    assert "Explanation 1" not in html and "Daarom" not in html
