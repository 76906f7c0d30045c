"""python -m benchmarks.seed --scale N [--seed S]: load the scale data (see __init__.py)."""

import argparse
import os
import sys

import django


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.seed", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 10,000 projects")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from benchmarks.seed.load import SeedRefused, seed_scale

    try:
        seed_scale(scale=args.scale, seed=args.seed, stdout=sys.stdout)
    except SeedRefused as refused:
        print(f"Refused: {refused}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
