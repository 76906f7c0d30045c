"""Factories, one module per app: ``from tests.factories import PersonFactory``."""

from tests.factories.accounts import *  # noqa: F403
from tests.factories.awareness import *  # noqa: F403
from tests.factories.changes import *  # noqa: F403
from tests.factories.portal import *  # noqa: F403
from tests.factories.projects import *  # noqa: F403
from tests.factories.reports import *  # noqa: F403
from tests.factories.requests_inbox import *  # noqa: F403
