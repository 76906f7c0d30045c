"""The portal's password hasher: Argon2id at OWASP's first recommended configuration.

OWASP's Password Storage Cheat Sheet: "Argon2id with a minimum configuration of 19 MiB of
memory, an iteration count of 2, and 1 degree of parallelism". Django's way to set it
("Increasing the work factor", Argon2): a subclass with ``time_cost``, ``memory_cost`` and
``parallelism``, first in PASSWORD_HASHERS. One sign-in costs 0.02–0.03 s of CPU with it,
against 0.35 s for PBKDF2 at Django's 1,500,000 iterations (benchmarks/README.md, Login).
A stored hash with other parameters (PBKDF2, or Argon2 at Django's defaults) still verifies
and is hashed again with these at the person's next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB: 19 MiB
    parallelism = 1
