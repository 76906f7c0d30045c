FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Only the runtime packages (pyproject's dependencies, at the versions of the lock); the dev
# extra (pytest, playwright, ruff, pip-audit, ...) stays out of the production image.
COPY pyproject.toml requirements.lock ./
RUN pip install --no-cache-dir -c requirements.lock .
COPY . .
# The release's files (translations, static files); compose's "migrate" runs `bin/release database`.
RUN bin/release files
RUN useradd --system --home /app portal && mkdir -p /data/documents && chown portal /data/documents
USER portal
# Inside the container the portal listens on every address; compose publishes the port on the
# host's 127.0.0.1 only. Settings of gunicorn: gunicorn.conf.py (JSON logs, workers, timeouts).
ENV BIND=0.0.0.0 PORT=8000
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application"]
