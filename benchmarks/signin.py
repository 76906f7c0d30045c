"""Instructions per sign-in, counted by callgrind: the sign-in page's GET and the real POST.

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p PYTHONHASHSEED=0 \\
        .venv/bin/python benchmarks/signin.py --sign-ins 4

As ``benchmarks/instructions.py`` (one process, Django's test client, the benchmark settings),
each sign-in with no cookies from an address of its own, as ``run.py``'s login burst, as one of
the scale users that sign in with the password alone (``run.burst_emails``). Run it with two
numbers of sign-ins: the difference of the two totals divided by the difference of the numbers
is the cost of one sign-in, the Argon2id hash included (``callgrind_annotate --inclusive=yes``
shows the hash apart). Each sign-in writes what a sign-in writes (``last_login``, the session
and its record for the sessions list).
"""

import argparse
import os
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sign-ins", type=int, default=4)
    parser.add_argument("--skip", type=int, default=0, help="start at this scale user")
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from benchmarks.instructions import start_django

    # The burst's people sign in from addresses of their own, as through the proxy.
    start_django(ALLAUTH_TRUSTED_PROXY_COUNT="1")
    from django.test import Client

    from benchmarks.run import burst_emails
    from benchmarks.seed.load import BENCH_PASSWORD

    emails = burst_emails(args.skip + args.sign_ins)[args.skip :]
    client = Client()  # one handler (a new Client loads the middleware again); cookies emptied
    for number, email in enumerate(emails, start=args.skip):
        client.cookies.clear()
        address = {"HTTP_X_FORWARDED_FOR": f"10.33.{number // 250}.{number % 250 + 1}"}
        client.get("/accounts/login/", **address)
        response = client.post(
            "/accounts/login/", {"login": email, "password": BENCH_PASSWORD}, **address
        )
        if response.status_code != 302 or "_auth_user_id" not in client.session:
            print(f"{email}: {response.status_code}, not signed in", file=sys.stderr)
            return 1
    print(f"{len(emails)} sign-ins", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
