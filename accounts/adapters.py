from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: an account exists only after an approved account request."""

    def is_open_for_signup(self, request):
        return False
