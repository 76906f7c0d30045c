"""The portal's own settings, plus one URL: the benchmark's ceiling (see benchmarks/urls.py)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
