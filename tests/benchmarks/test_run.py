"""The benchmark script's measuring and report (benchmarks/run.py), against a live server."""

import argparse
import urllib.parse

import pytest
from django.test import override_settings

from benchmarks.run import CEILING_PATH, Session, measure, report

pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(ROOT_URLCONF="benchmarks.urls")
def test_a_page_is_measured_in_rounds_with_the_ceiling(live_server):
    session = Session(urllib.parse.urlsplit(live_server.url).port)
    assert session.request("GET", CEILING_PATH)[0] == 200
    page, ceiling = measure(session, "/cookies/", session, requests=12, concurrency=2, rounds=3)
    for result in (page, ceiling):
        assert result["status"] == 200
        assert result["requests"] == 12 and result["errors"] == 0
        assert 0 < result["p50"] <= result["p95"] <= result["p99"]
        assert result["rps"] > 0


@override_settings(ROOT_URLCONF="benchmarks.urls")
def test_a_page_that_does_not_answer_200_is_not_measured(live_server):
    session = Session(urllib.parse.urlsplit(live_server.url).port)
    page, ceiling = measure(session, "/projecten/", session, requests=4, concurrency=1)
    assert page == {"status": 302} and ceiling is None


def _result(rps, p95=10.0):
    return {"status": 200, "requests": 10, "errors": 0, "p50": 5.0, "p95": p95, "p99": p95,
            "rps": rps}  # fmt: skip


def test_report_compares_each_page_with_its_own_ceiling_rounds(capsys):
    args = argparse.Namespace(requests=10, concurrency=2, workers=2, scale=1.0, json=None)
    report(
        [
            ("Ceiling (minimal Django view)", CEILING_PATH, _result(1000), _result(1000)),
            ("Projecten", "/projecten/", _result(300), _result(1000)),
            ("Project page", "/projecten/1/", _result(300), _result(1500)),
            ("Cost overview PDF", "/pdf", _result(100, p95=250), _result(1000)),
            ("Home (with actions)", "/", _result(100, p95=120), _result(1000)),
            ("Awarenesstoets", None, {"status": "missing"}, None),
        ],
        args,
    )
    out = capsys.readouterr().out
    assert "|       30% | ok     |" in out  # Projecten: 300 of 1000
    assert "|       20% | MISSED |" in out  # project page: 300 of its 1500
    assert "Targets missed: Project page, Home (with actions)" in out  # Home: p95 120 ms
    assert "not measured: missing" in out
