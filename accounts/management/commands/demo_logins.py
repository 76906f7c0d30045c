"""The demo's address and logins as a short table (bin/demo prints it once the server is up)."""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the demo portal's address and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *, url: str, **options):
        from accounts import demo

        url = url.rstrip("/")
        rows = [
            (login, _who(fields, institution))
            for login, institution, fields in demo.PEOPLE
            if login
        ]
        rows.append((demo.STAFF_EMAIL, "Jan Visser, CBS staff: the back office at /admin/"))
        width = max(len(login) for login, _ in rows)
        lines = [
            "",
            f"  Portal       {url}/",
            f"  Back office  {url}/admin/",
            f"  Password     {demo.DEMO_PASSWORD}  (every demo login)",
            "",
            f"  {'Login':<{width}}  Who",
            f"  {'-' * width}  {'-' * 40}",
            *(f"  {login:<{width}}  {who}" for login, who in rows),
            "",
        ]
        backend = settings.MAILERS["default"]["BACKEND"]
        if backend.endswith("filebased.EmailBackend"):
            folder = settings.MAILERS["default"]["OPTIONS"]["file_path"]
            lines.append(f"  Mail the portal sends: one file per mail in {folder}/")
        lines.append("  Stop: Ctrl+C.  Start afresh: bin/demo --reset")
        self.stdout.write("\n".join(lines))


def _who(fields: dict, institution: str) -> str:
    name = " ".join(filter(None, [fields["first_name"], fields.get("prefix"), fields["last_name"]]))
    roles = [role for flag, role in (("is_account_manager", "account manager"),
             ("is_signatory", "signatory")) if fields.get(flag)]  # fmt: skip
    return f"{name}, {institution}" + (f" ({', '.join(roles)})" if roles else "")
