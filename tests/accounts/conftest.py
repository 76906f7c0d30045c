import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(execute=True): ...`` runs on-commit work (mail through Tasks) in the test."""
    return django_capture_on_commit_callbacks
