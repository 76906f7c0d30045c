"""Django's PostgreSQL backend, whose health check of a kept connection gives up in time.

A kept connection (DB_CONN_MAX_AGE) is checked with ``SELECT 1`` before a request uses it.
Django waits for the answer as long as it takes: against a database that is frozen, not down
(a stopped process, a network that drops packets without refusing) that is until gunicorn
ends the worker, and the visitor gets no page at all. Here the check waits at most
DB_CONNECT_TIMEOUT seconds — the wait for a new connection (libpq's ``connect_timeout``) — and
then the request fails as with a database that is down: the 503 page (portal.views.server_error).
A connection that answers with an error is closed and replaced as Django does.
"""

import select
import time

from django.conf import settings
from django.db import OperationalError
from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is None:
            return False
        pgconn = self.connection.pgconn
        if pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()  # inside a transaction: Django's own check
        timeout = settings.DATABASES[self.alias]["OPTIONS"].get("connect_timeout", 5)
        deadline = time.monotonic() + timeout
        try:
            pgconn.send_query(b"SELECT 1")
            while pgconn.flush():  # the query written to the server
                _wait(pgconn.socket, deadline, write=True)
            while pgconn.is_busy():  # its answer read
                _wait(pgconn.socket, deadline)
                pgconn.consume_input()
            usable = True
            while (result := pgconn.get_result()) is not None:
                usable = usable and result.status == pq.ExecStatus.TUPLES_OK
            return usable
        except TimeoutError:
            self.close()
            raise OperationalError(
                f"The database did not answer within {timeout} s (connection closed)."
            ) from None
        except (OSError, base.Database.Error):
            return False


def _wait(socket: int, deadline: float, *, write: bool = False) -> None:
    remaining = deadline - time.monotonic()
    readable, writable, _ = select.select(
        [] if write else [socket], [socket] if write else [], [], max(remaining, 0)
    )
    if not (readable or writable):
        raise TimeoutError
