"""Template helpers available in every template (registered as builtins)."""

from decimal import Decimal

from django import template
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import formats, translation
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from portal.dutch_time import moment as _moment
from portal.permissions import has_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, perm, obj=None):
    """{% can "projects.manage_team" project as may_manage %}"""
    return has_permission(context["request"].user, perm, obj)


@register.filter
def money(value):
    """1850 -> '1.850,00' (Dutch); '1,850.00' in English. Exact decimals, never floats."""
    if value is None or value == "":
        return ""
    return formats.number_format(Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)


@register.filter
def moment(value):
    """A time in Dutch time, in the portal's one format (portal.dutch_time): 06-12-2026 20:15."""
    return _moment(value)


@register.simple_tag(takes_context=True)
def switch_language_url(context, language):
    """The current page's URL in the other language (the EN/NL switch keeps you in place).

    From the URL match the request already has (no second resolve of the path); pages without
    one (a 404) go through Django's translate_url.
    """
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name is None:
        return _on_this_site(translate_url(request.get_full_path(), language))
    with translation.override(language):
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return _on_this_site(translate_url(request.get_full_path(), language))
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    return f"{url}?{query}" if query else url


def _on_this_site(url: str) -> str:
    """A path on this site, whatever was asked: ``//evil.example/`` (a 404) would otherwise be
    a link to another site (browsers read ``//`` and ``/\\`` as "another host")."""
    return "/" + url.lstrip("/\\")


@register.simple_tag(takes_context=True)
def json_script_nonce(context, value, element_id):
    """``json_script`` with the page's CSP nonce: no inline script of ours goes without it.

    {% json_script_nonce js_data "js_data" %} (used in the MFA pages taken over from allauth).
    """
    script = json_script(value, element_id)
    nonce = context.get("csp_nonce")  # lazy: false until used, so never `or`
    if nonce is None:
        return script
    return format_html('<script nonce="{}" ', nonce) + mark_safe(script.removeprefix("<script "))  # noqa: S308 - json_script's own escaped output


@register.filter
def group_widget(bound_field):
    """A radio/checkbox group (shown in a fieldset) whose every input names its help and errors.

    Django ties help text and errors to the fieldset's inputs only through the fieldset, which
    it does not render for us; each input that is marked aria-invalid gets aria-describedby.
    """
    described_by = bound_field.aria_describedby
    if not described_by:
        return bound_field.as_widget()
    return bound_field.as_widget(attrs={"aria-describedby": described_by})


@register.filter
def labelled(bound_field):
    """A form field rendered with its label as ``aria-label``: for fields in a table row (the
    admin's tabular inlines), where the column header is no label of the field."""
    if bound_field.is_hidden:
        return bound_field
    label = bound_field.label
    if bound_field.form.prefix and "-" in bound_field.form.prefix:
        number = bound_field.form.prefix.rsplit("-", 1)[-1]
        if number.isdigit():
            label = f"{label} {int(number) + 1}"
    return bound_field.as_widget(attrs={"aria-label": label})
