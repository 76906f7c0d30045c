"""One kind of registry for what a lower app shows or does of the apps above it.

The lower app owns the registry (in its ``registry.py``, open-forms style); a higher app fills it
from its ``AppConfig.ready()``, so the lower app never names the higher one::

    # projects/registry.py
    project_page = Registry()

    # changes/apps.py, in ready()
    project_page.register("changes/_project_panels.html", "panels", order=30)

Entries have a unique key, a value and an order; iterating gives the values by order (then key).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


@dataclass(frozen=True)
class Entry:
    key: str
    value: Any
    order: int


class Registry:
    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    def register(self, key: str, value: Any = _MISSING, *, order: int = 100):
        """Register ``value`` under ``key``; without a value, a decorator that registers what
        it decorates."""
        if value is _MISSING:

            def decorator(thing):
                self.register(key, thing, order=order)
                return thing

            return decorator
        if key in self._entries:
            raise ImproperlyConfigured(f"{key!r} is registered twice")
        self._entries[key] = Entry(key, value, order)
        return value

    __call__ = register

    def unregister(self, key: str) -> None:
        del self._entries[key]

    def entries(self) -> list[Entry]:
        return sorted(self._entries.values(), key=lambda entry: (entry.order, entry.key))

    def __iter__(self) -> Iterator[Any]:
        return (entry.value for entry in self.entries())

    def __getitem__(self, key: str) -> Any:
        return self._entries[key].value

    def get(self, key: str, default: Any = None) -> Any:
        entry = self._entries.get(key)
        return default if entry is None else entry.value

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        return [entry.key for entry in self.entries()]

    def items(self) -> list[tuple[str, Any]]:
        return [(entry.key, entry.value) for entry in self.entries()]

    def keys_by_value(self) -> dict[Any, list[str]]:
        """{value: its keys, by order}: e.g. {place: the templates shown there}."""
        grouped: dict[Any, list[str]] = {}
        for entry in self.entries():
            grouped.setdefault(entry.value, []).append(entry.key)
        return grouped
