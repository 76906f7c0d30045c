"""People: institutions, persons, logins (with allauth's addresses), account requests."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import (
    AccountRequest,
    AccountRequestStatus,
    Institution,
    Person,
    User,
)
from benchmarks.seed.base import (
    BENCH_EMAIL,
    BENCH_PASSWORD,
    FIRST,
    LAST,
    STAFF_EMAIL,
    SeederBase,
)
from portal.staff import EDITOR_GROUP


class PeopleSeeder(SeederBase):
    def seed_people(self, counts, institutions, persons, users):
        rng, today = self.rng, self.today
        self.institutions = self.bulk(
            Institution,
            [
                Institution(
                    name=f"Schaalinstelling {i:04d}",
                    authorization_start=today - datetime.timedelta(days=rng.randint(30, 900)),
                    authorization_end=today + datetime.timedelta(days=rng.randint(30, 900)),
                    city=rng.choice(["Utrecht", "Leiden", "Groningen", "Tilburg", "Delft"]),
                    country="Nederland",
                )
                for i in range(institutions)
            ],
        )
        counts["institutions"] = len(self.institutions)
        insts = self.institutions
        # Persons 0 .. users-1 have a login; half of them work through Remote Access (PID code).
        self.people = self.bulk(
            Person,
            [
                Person(
                    institution=insts[i % len(insts)],
                    initials=f"{FIRST[i % len(FIRST)][0]}.",
                    first_name=FIRST[i % len(FIRST)],
                    last_name=f"{rng.choice(LAST)} {i}",
                    email=f"persoon{i}@schaal.example.nl",
                    gender=rng.choice("mvx"),
                    birth_date=datetime.date(1960, 1, 1)
                    + datetime.timedelta(days=rng.randint(0, 14000)),
                    is_signatory=i % 25 == 1,
                    is_account_manager=i % 25 == 2,
                    pid_code=f"PID{i:05d}" if i < users and i % 2 == 0 else "",
                )
                for i in range(persons)
            ],
        )
        counts["persons"] = len(self.people)
        # One password hash for every scale user (hashing thousands would take minutes).
        password = make_password(BENCH_PASSWORD)
        emails = [BENCH_EMAIL] + [f"gebruiker{i}@schaal.example.nl" for i in range(1, users)]
        logins = [
            User(email=email, password=password, person=self.people[i])
            for i, email in enumerate(emails)
        ]
        staff = User(email=STAFF_EMAIL, password=password, is_staff=True)
        created = self.bulk(User, [*logins, staff])
        self.users, self.staff = created[:-1], created[-1]
        self.user_of = {user.person_id: user for user in self.users}
        self.staff.groups.add(Group.objects.get_or_create(name=EDITOR_GROUP)[0])
        # allauth lets only verified addresses sign in; bulk inserts send no post_save, so the
        # rows accounts.signals makes for a new user are made here.
        self.bulk(
            EmailAddress,
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in created
            ],
        )
        counts["users"] = len(created)
        self.bench_person = self.people[0]

    def seed_account_requests(self, counts, number):
        rng = self.rng
        requests = []
        for i in range(number):
            status = [AccountRequestStatus.OPEN, AccountRequestStatus.APPROVED,
                      AccountRequestStatus.REJECTED][i % 3]  # fmt: skip
            requests.append(
                AccountRequest(
                    institution=self.institutions[i % len(self.institutions)],
                    initials="A.",
                    first_name=FIRST[i % len(FIRST)],
                    last_name=f"{rng.choice(LAST)} aanvraag {i}",
                    birth_date=datetime.date(1990, 1, 1) + datetime.timedelta(days=i),
                    gender=rng.choice("mvx"),
                    email=f"aanvraag{i}@schaal.example.nl",
                    status=status,
                    decided_at=None if status == AccountRequestStatus.OPEN else self.ago(10),
                    reason="Geen onderzoeker van de instelling."
                    if status == AccountRequestStatus.REJECTED
                    else "",
                )
            )
        counts["account requests"] = len(self.bulk(AccountRequest, requests))
