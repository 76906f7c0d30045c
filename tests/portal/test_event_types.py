"""Event types are declared once per app (its events.py) and every record() names one."""

import ast
from pathlib import Path

from portal.audit import event_label, event_type, notifies_cbs
from projects.events import ProjectEvent, move_event
from projects.lifecycle import MOVES

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "awareness", "portal", "projects", "requests_inbox"]


def test_every_lifecycle_move_has_an_event_type_labelled_as_the_move():
    for name, move in MOVES.items():
        assert str(move_event(name).label) == str(move.label)


def test_stored_verbs_are_unchanged_and_labelled():
    assert ProjectEvent.SUBMIT == "project.submit"
    assert event_type("team.add") is ProjectEvent.TEAM_ADD
    assert event_label("team.add") == "Teamlid toegevoegd"
    assert event_label("cost_overview.agree") == "Akkoord op kostenoverzicht"
    assert event_label("unknown.verb", default="Iets") == "Iets"


def test_customer_events_cbs_hears_of():
    for verb in ["project.submit", "project.withdraw", "project.approve_costs",
                 "project.reject_costs", "confidentiality.upload", "question.answer"]:  # fmt: skip
        assert notifies_cbs(verb), verb
    assert not notifies_cbs("project.take_into_review")
    assert not notifies_cbs("team.add")


def test_every_record_call_names_a_declared_event_type():
    """No free-string verbs: ``record(verb=...)`` gets an enum member of an events module."""
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name != "record":
                    continue
                for keyword in node.keywords:
                    if keyword.arg == "verb" and any(
                        isinstance(part, ast.Constant | ast.JoinedStr)
                        for part in ast.walk(keyword.value)
                    ):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "record() with a free-string verb:\n" + "\n".join(offenders)
