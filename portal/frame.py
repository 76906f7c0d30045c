"""What the page frame and portal's own pages show of the apps: each app registers its own.

The main menu, the user menu, the footer and Home's tiles link to pages of the apps above
portal; the apps register those links from their ``AppConfig.ready()``::

    links.register("accounts.my_details", Link("menu", "accounts:my_details", _("My details"),
                   nav="my_details", signed_in=True), order=10)

The page frame (``base.html``) and Home show each place's links by order, for who may see them
(``portal.context_processors.portal``). Klantenservice includes the templates registered in
``customer_service_panels`` (Mijn vragen).
"""

from collections.abc import Callable
from dataclasses import dataclass

from portal.registry import Registry


@dataclass(frozen=True)
class Link:
    # "menu", "user_menu" (above the account's own pages), "user_menu_manage" (below them),
    # "footer", "tiles" (Home, signed in) or "tiles_signed_out" (Home, signed out).
    place: str
    url_name: str
    label: str
    nav: str = ""  # the page's ``nav`` that marks the link as the current page
    signed_in: bool | None = None  # True: only signed in; False: only signed out
    show: Callable[..., bool] | None = None  # function(person) -> whether to show it
    # A template shown after the label in the main menu: the count of unread messages on
    # projects (``unread_messages.projects``), the one thing besides the links shown, the page
    # and the language that the menu's cached fragment is kept by (base.html).
    after: str = ""


links = Registry()

# Templates on Klantenservice, after CBS's addresses: {template: what it shows}.
customer_service_panels = Registry()


def frame_links(user, person) -> dict[str, list[Link]]:
    """{place: the links this user sees there, by order}."""
    signed_in = bool(user is not None and user.is_authenticated)
    places: dict[str, list[Link]] = {}
    for link in links:
        if link.signed_in is not None and link.signed_in != signed_in:
            continue
        if link.show is not None and not link.show(person):
            continue
        places.setdefault(link.place, []).append(link)
    return places


def frame_version(places: dict[str, list[Link]]) -> str:
    """Which links the frame shows (``frame_links``' answer) as a short key: the frame's
    fragments cached in ``base.html`` are shared by everyone who sees the same links."""
    return "|".join(f"{link.place}:{link.url_name}" for shown in places.values() for link in shown)
