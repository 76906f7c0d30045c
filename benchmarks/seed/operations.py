"""Scale data of running the portal and of the institutions' API (bulk inserts, deterministic):
the scheduler's runs of every job over the last 30 days, the worker's and the scheduler's
heartbeats, an API token of every tenth institution and a day of calls with each."""

import datetime

from institutions.models import ApiCall, ApiToken, token_hash
from portal.models import Heartbeat, JobRun
from portal.scheduler import JOBS


class OperationsSeeder:
    def seed_operations(self, counts):
        day = datetime.timedelta(days=1)
        runs = [
            JobRun(job=name, slot=self.now - n * day, started_at=self.now - n * day,
                   finished_at=self.now - n * day + datetime.timedelta(seconds=3),
                   outcome=JobRun.Outcome.FAILED if n == 17 else JobRun.Outcome.OK)
            for name in JOBS
            for n in range(1, 31)
        ]  # fmt: skip
        counts["job runs"] = len(self.bulk(JobRun, runs))
        Heartbeat.objects.bulk_create(
            [Heartbeat(name=name, seen_at=self.now) for name in ("worker", "scheduler")]
        )
        tokens = self.bulk(
            ApiToken,
            [
                ApiToken(institution=institution, name=f"Onderzoeksadministratie {i}",
                         prefix=f"kp_{i:06d}", key_hash=token_hash(f"schaal-token-{i}"),
                         expires_at=self.now + 365 * day)
                for i, institution in enumerate(self.institutions[::10])
            ],
        )  # fmt: skip
        counts["API tokens"] = len(tokens)
        calls = [
            ApiCall(token=token, at=self.now - datetime.timedelta(minutes=10 * n), method="GET",
                    path=f"/api/v1/{('people', 'projects', 'authorization')[n % 3]}", status=200)
            for token in tokens
            for n in range(24)
        ]  # fmt: skip
        counts["API calls"] = len(self.bulk(ApiCall, calls))
