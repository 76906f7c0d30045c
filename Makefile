.PHONY: demo test check messages format
demo:
	bin/demo
test:
	bin/test
messages:
	bin/messages
format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .
# The same gates as CI, without the apt installs.
check:
	.venv/bin/ruff format --check . && .venv/bin/ruff check .
	DEBUG=1 .venv/bin/python manage.py makemigrations --check --dry-run
	.venv/bin/djlint templates */templates --lint
	bin/test
