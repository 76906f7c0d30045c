"""What happens when a person leaves their institution ("Uit dienst melden"): a registry.

``accounts.services.person_leave`` records the day the person leaves and, on that day, ends what
accounts owns (sign-in, the login, its sessions). What other apps hold of the person (open
actions, team memberships) they end through their own services, in a hook registered here from
their AppConfig.ready()::

    from accounts.leaving import register

    @register.on_leave
    def withdraw_actions(*, person, on, by): ...

Hooks run on the day itself (at once when the day reported has come), inside the service's
transaction, with ``by`` the user who reported the leave.
"""

from collections.abc import Callable


class Registry:
    def __init__(self):
        self.hooks: list[Callable] = []

    def on_leave(self, hook: Callable) -> Callable:
        if hook not in self.hooks:
            self.hooks.append(hook)
        return hook


register = Registry()
