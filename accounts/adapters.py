from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.html import escape, linebreaks

from portal.mail import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: an account exists only after an approved account request.

    allauth's own mails (password reset, email confirmation codes, MFA notices) go out like the
    portal's: through Django's Tasks after the transaction commits, with a text and HTML body.
    """

    def is_open_for_signup(self, request):
        return False

    def format_email_subject(self, subject: str) -> str:
        return f"CBS Microdata Services – {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "portal_url": settings.PORTAL_BASE_URL,
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", [])
             if mimetype == "text/html"),
            "",
        )  # fmt: skip
        if message.content_subtype == "html":  # allauth rendered only an HTML body
            html, text = message.body, ""
        else:
            text = message.body
        kwargs = {
            "to": list(message.to),
            "subject": message.subject,
            "text": text,
            "html": html or linebreaks(escape(text)),
        }
        queue_mail(**kwargs)
