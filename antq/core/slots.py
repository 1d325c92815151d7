"""A few CPU-heavy requests at a time per machine: password checks.

Checking a password costs a quarter of a second of CPU by design (the hash
is slow so a stolen table is slow to guess). At a deadline, four officers
signing in at once hold four of five web workers and both cores while their
colleagues' saves queue behind them (bench/signin.py: the save's p95 from
322 to 734 ms). A sign-in takes one of `ANTQ_SIGNIN_SLOTS` slots of this
machine (by default one per two cores); when none is free it waits a
moment, then is answered "busy, try again in a second" instead of taking
the machine. The hash stays as strong as it was.

Slots are files locked with `flock` in `ANTQ_SIGNIN_LOCK_DIR` (var/run by
default, one directory per machine): every process of the machine sees
them, a crashed process releases its lock with its file descriptor.
"""

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


class Busy(Exception):
    """No slot came free in time: answered 503 with Retry-After."""

    retry_after = 1


def _lock_dir() -> Path:
    folder = Path(settings.SIGNIN_LOCK_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def cpu_slot(name: str, *, wait: float):
    """Hold one of the machine's slots for `name` while the block runs;
    raises Busy when none came free within `wait` seconds."""
    folder = _lock_dir()
    deadline = time.monotonic() + wait
    while True:
        for slot in range(settings.SIGNIN_SLOTS):
            handle = os.open(folder / f"{name}-{slot}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                os.close(handle)
            return
        if time.monotonic() >= deadline:
            raise Busy
        time.sleep(0.02)
