"""gunicorn's settings for the portal (the Procfile's web line and the image read this file).

Listens on BIND:PORT, 127.0.0.1:8000 unless told otherwise: the portal trusts the proxy's
X-Forwarded-* headers, so only the proxy on this host may reach it (compose sets BIND=0.0.0.0
inside the container and publishes the port on 127.0.0.1). Logs are JSON lines on stdout with
UTC times, from the master and the workers alike (portal/logs.py); the request lines come from
the portal itself (they carry the request id and the user id), so gunicorn's access log is off.
"""

import os
import shutil
import tempfile

from portal.logs import logging_config

# Prometheus (portal/metrics.py): each worker counts in files of this folder, added up at a
# scrape; made once per master (kept across a graceful reload), a dead worker's gauges dropped.
# Removed when the master stops, unless PROMETHEUS_MULTIPROC_DIR was given.
if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="klantportaal-metrics-")
    _made_metrics_folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if folder := globals().get("_made_metrics_folder"):
        shutil.rmtree(folder, ignore_errors=True)


bind = f"{os.environ.get('BIND') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 3)
# A request still running after 30 s is ended (its worker restarted); a graceful reload (HUP)
# lets running requests finish for as long.
timeout = 30
graceful_timeout = 30
accesslog = None
logconfig_dict = logging_config(os.environ.get("LOG_LEVEL") or "INFO")
