"""{% translate %} of a literal message, rendered once per language (ADR 0010).

Django's ``TranslateNode`` wraps its literal in a lazy translation on every render and turns it
back into a string: measured with callgrind, about a tenth of the project page's instructions
went to its ~65 ``{% translate %}``. The text of a literal message (with a literal context, no
filters) depends only on the active language, since the message catalogs are loaded once per
process; this node keeps it per language and autoescape setting. A variable message, a filter
or a context from a variable renders as Django renders it.

Registered as a builtin after ``django.templatetags.i18n`` (settings.TEMPLATES), so our templates
use it without ``{% load i18n %}``; a template that loads i18n (allauth's, the admin's) gets
Django's own tag, with the same text. makemessages finds the tags by name, as before.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Library
from django.templatetags.i18n import TranslateNode, do_translate
from django.utils.translation import get_language

register = Library()
# Bumped when settings change (tests override languages and locale paths): kept texts are
# dropped then, as Django drops its loaded catalogs.
_generation = 0


@receiver(setting_changed)
def _forget_texts(**kwargs):
    global _generation
    _generation += 1


def _is_literal(expression) -> bool:
    """A FilterExpression that is a quoted string without filters (its value never varies)."""
    if expression.filters:
        return False
    var = expression.var
    return isinstance(var, str) or var.lookups is None


class TranslateOnceNode(TranslateNode):
    """Django's TranslateNode; a literal message is rendered once per language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.literal = _is_literal(self.filter_expression) and (
            self.message_context is None or _is_literal(self.message_context)
        )
        self.texts: dict[tuple, str] = {}
        self.generation = _generation

    def render(self, context):
        if not self.literal:
            return super().render(context)
        if self.generation != _generation:
            self.texts, self.generation = {}, _generation
        key = (get_language(), context.autoescape)
        text = self.texts.get(key)
        if text is None:
            text = super().render(context)
            if self.asvar:
                text = context[self.asvar]
            self.texts[key] = text
        if self.asvar:
            context[self.asvar] = text
            return ""
        return text


@register.tag("translate")
@register.tag("trans")
def translate(parser, token):
    """Django's {% translate %} (same syntax and options), see the module's docstring."""
    node = do_translate(parser, token)
    return TranslateOnceNode(node.filter_expression, node.noop, node.asvar, node.message_context)
