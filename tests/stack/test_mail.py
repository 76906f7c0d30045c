"""Mail through the real worker and a real SMTP server: delivered, through an outage, through a
worker killed in the middle of a send, and never twice."""

import time

from tests.stack.conftest import wait_until

RESET = "/accounts/password/reset/"


def ask_password_reset(stack, email: str):
    response = stack.browser("A").post(RESET, {"email": email})
    assert response.status == 302, response.text[:2000]
    return wait_until(lambda: stack.outbox(email), timeout=10, what=f"outbox row for {email}")


def test_mail_enqueued_by_the_portal_is_delivered_by_the_worker(stack):
    state, attempts, message_id, _ = ask_password_reset(stack, "piet.bakker@example.nl")
    wait_until(lambda: stack.delivered(message_id), timeout=30, what="delivery")
    state, attempts, *_ = wait_until(
        lambda: (row := stack.outbox("piet.bakker@example.nl"))[0] == "sent" and row,
        timeout=10,
        what="state sent",
    )
    assert (stack.delivered(message_id), attempts) == (1, 1)


def test_smtp_down_mail_is_tried_again_with_growing_pauses_and_delivered_once(stack):
    email = "gerro.dejager@example.nl"
    stack.smtp.stop()
    try:
        *_, message_id, _ = ask_password_reset(stack, email)
        state, attempts, _, error = wait_until(
            lambda: (row := stack.outbox(email))[1] >= 3 and row, timeout=30, what="three tries"
        )
        assert state in {"queued", "sending"} and error  # waiting for a later try, and why
        pauses = stack.sql(
            "SELECT EXTRACT(EPOCH FROM next_attempt_at - now()) FROM portal_outgoingmail "
            "WHERE message_id = %s",
            (message_id,),
        )
        assert stack.delivered(message_id) == 0
    finally:
        stack.smtp.start()
    assert pauses[0][0] is None or pauses[0][0] > 0.5  # the next try is not at once
    wait_until(lambda: stack.outbox(email)[0] == "sent", timeout=60, what="sent after the outage")
    time.sleep(2)  # a second delivery, if there were one, would come now
    assert stack.delivered(message_id) == 1


def test_worker_killed_in_the_middle_of_a_send_and_restarted_delivers_once(stack):
    email = "patricia.bouwer@example.nl"
    slow = stack.mail / "slow"
    asked_before = stack.rcpt_count(email)
    slow.write_text("2")  # the server waits 2 s before answering RCPT (the client waits 3 s)
    try:
        *_, message_id, _ = ask_password_reset(stack, email)
        wait_until(
            lambda: stack.rcpt_count(email) > asked_before, timeout=20, interval=0.05, what="RCPT"
        )
        stack.worker.stop(kill=True)  # SIGKILL while the server is answering
    finally:
        slow.unlink(missing_ok=True)
    time.sleep(2.5)  # the server finishes its answer to nobody
    assert stack.outbox(email)[0] == "sending"  # claimed by a worker that is gone
    assert stack.delivered(message_id) == 0
    stack.worker.start()
    wait_until(lambda: stack.outbox(email)[0] == "sent", timeout=60, what="sent by the new worker")
    time.sleep(2)
    assert stack.delivered(message_id) == 1
    assert (
        stack.rcpt_count(email) == asked_before + 2
    )  # the interrupted try and the one that went through


def kill_worker_while_the_server_pauses(stack, email: str, pause: str):
    """Ask for a mail; the SMTP server pauses at ``pause`` (slow-data: the message stored, its
    "250" not yet sent; slow-quit: the goodbye); the worker is killed meanwhile and restarted."""
    flag = stack.mail / pause
    log = stack.mail / "pauses.log"
    before = log.read_text().count(pause) if log.exists() else 0
    flag.write_text("2")
    try:
        *_, message_id, _ = ask_password_reset(stack, email)
        wait_until(lambda: log.exists() and log.read_text().count(pause) > before, timeout=20,
                   interval=0.05, what=f"the server's pause ({pause})")  # fmt: skip
        stack.worker.stop(kill=True)
    finally:
        flag.unlink(missing_ok=True)
    time.sleep(2.5)  # the server finishes its answer to nobody
    state = stack.outbox(email)[0]
    stack.worker.start()
    return message_id, state


def test_worker_killed_after_the_server_stored_the_mail_sends_it_again_with_the_same_id(stack):
    """The one duplicate SMTP leaves possible (README, Mail: at least once): the server stored
    the mail, the worker died before the server's "250" reached it. The repeat carries the same
    Message-ID, by which mail stores and readers drop it."""
    email = "piet.bakker@example.nl"
    message_id, state = kill_worker_while_the_server_pauses(stack, email, "slow-data")
    assert state == "sending"  # nobody knows whether the server took it
    wait_until(lambda: stack.outbox(email)[0] == "sent", timeout=60, what="sent again")
    assert stack.delivered(message_id) == 2  # the same Message-ID twice, never a new one


def test_worker_killed_during_the_goodbye_after_the_250_sends_no_duplicate(stack):
    """The mail is marked sent right after the server's 250, before QUIT: a worker dying
    during the goodbye leaves nothing to send again."""
    email = "gerro.dejager@example.nl"
    message_id, state = kill_worker_while_the_server_pauses(stack, email, "slow-quit")
    assert state == "sent"
    time.sleep(3)
    assert stack.delivered(message_id) == 1 and stack.outbox(email)[0] == "sent"
