"""A real SMTP server for tests/stack (aiosmtpd): every message it accepts becomes a file
``<n>.eml`` in the mail folder; every RCPT it is asked is a line in ``rcpt.log``.
While a file ``slow`` exists in the folder, it waits that many seconds (the file's content)
before answering RCPT; ``slow-data``: after storing a message, before its "250"; ``slow-quit``:
before answering QUIT. A slow server, to stop a worker at a chosen moment of a send.

    python tests/stack/smtp_server.py --port 2525 --folder /tmp/mail
"""

import argparse
import asyncio
import itertools
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self, folder: Path):
        self.folder = folder
        existing = [int(p.stem) for p in folder.glob("*.eml")]
        self.numbers = itertools.count(max(existing, default=0) + 1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with open(self.folder / "rcpt.log", "a") as log:
            log.write(f"{time.time():.3f} {address}\n")
        slow = self.folder / "slow"
        if slow.exists():
            await asyncio.sleep(float(slow.read_text() or 1))
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = self.folder / f"{next(self.numbers)}.eml"
        name.with_suffix(".tmp").write_bytes(envelope.original_content)
        name.with_suffix(".tmp").rename(name)
        await self._pause("slow-data")
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        await self._pause("slow-quit")
        return "221 Bye"

    async def _pause(self, name: str):
        slow = self.folder / name
        if slow.exists():
            with open(self.folder / "pauses.log", "a") as log:
                log.write(f"{time.time():.3f} {name}\n")
            await asyncio.sleep(float(slow.read_text() or 1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(Mailbox(args.folder), hostname="127.0.0.1", port=args.port)
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
