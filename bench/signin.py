"""Sign-in at the deadline: officers sign in (`POST /api/v1/auth/token`,
the password hashed as in production) while others save their monthly form,
on PostgreSQL under `antq serve`'s gunicorn configuration. In the same run,
interleaved: the saves alone, then the saves with the sign-ins.

    DATABASE_URL=postgres://…/antq_bench python bench/signin.py [--signins 200] [--officers 16]

Prints the sign-ins per second and their p95, and the save's p95 with and
without them (target: the save's p95 stays under 200 ms). The saves are
paced (`--rate`, 20 a second by default: a busy deadline, below the
machine's saturation); `--rate 0` runs them as fast as answered, where the
p95 is the queue of 16 officers on 2 cores whatever the sign-ins do. Uses the database
bench/surge.py prepares. Benchmarks print; they are never tests.
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from surge import Server, call, load, month, months_available, prepare, reset_months
from surge import antq_save_and_submit_in_one as save

PASSWORD = "Mật-khẩu-đủ-dài-2026"


def sign_in_users(count: int) -> list[str]:
    from django.contrib.auth.hashers import make_password

    from antq.accounts.models import Assignment, Role, User
    from antq.units.models import Unit

    commune = Unit.objects.filter(parent__code="22", type="commune", valid_to__isnull=True).first()
    hashed = make_password(PASSWORD)  # once: the same hash for every officer of the bench
    names = [f"bench.signin.{i}" for i in range(count)]
    for name in names:
        user, made = User.objects.get_or_create(username=name)
        if made:
            Assignment.objects.create(user=user, role=Role.DATA_ENTRY, unit=commune)
    User.objects.filter(username__in=names).update(password=hashed, is_active=True)
    return names


def _signer(port: int, queue: list, lock, signed: list, errors: list) -> None:
    """Sign the queued officers in, one after the other, until none is left."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    while True:
        with lock:
            if not queue:
                return
            name = queue.pop()
        started = time.perf_counter()
        status, body = call(
            conn,
            "POST",
            "/api/v1/auth/token",
            {"username": name, "password": PASSWORD, "name": "b"},
        )
        while status == 503:  # every password check of the machine taken: as told, again
            time.sleep(1)
            status, body = call(
                conn,
                "POST",
                "/api/v1/auth/token",
                {"username": name, "password": PASSWORD, "name": "b"},
            )
        with lock:
            if status == 200:
                signed.append(time.perf_counter() - started)
            else:
                errors.append(f"{status}: {body[:80]!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signins", type=int, default=200)
    parser.add_argument("--officers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--signers", type=int, default=4, help="sign-in clients at once")
    parser.add_argument(
        "--rate",
        type=float,
        default=20,
        help="saves started a second by the officers together (0: closed loop, as fast as "
        "answered, where the p95 is queueing)",
    )
    options = parser.parse_args()
    officers = prepare()
    names = sign_in_users(options.signins)
    group = (officers * (options.officers // len(officers) + 1))[: options.officers]
    workers = 2 * (os.cpu_count() or 1) + 1
    results = {}
    for label, with_signins in [("saves alone", False), ("saves + sign-ins", True)]:
        reset_months()
        server = Server("antq.settings", "antq.wsgi", workers)
        signed: list[float] = []
        errors: list[str] = []
        try:
            load(server.port, group, 0.001, save, first=months_available() - 1)  # warm
            threads = []
            if with_signins:
                queue = list(names)
                lock = threading.Lock()

                threads = [
                    threading.Thread(
                        target=_signer, args=(server.port, queue, lock, signed, errors)
                    )
                    for _ in range(options.signers)
                ]
                for thread in threads:
                    thread.start()
            began = time.monotonic()
            result = load(server.port, group, options.seconds, save, rate=options.rate)
            for thread in threads:
                thread.join()
            wall = time.monotonic() - began
        finally:
            server.stop()
        saves = sorted(a[2] for a in result["ack"])
        p95 = saves[min(len(saves) - 1, int(0.95 * len(saves)))] * 1000 if saves else float("nan")
        row = {"saves_per_s": len(saves) / result["wall"], "save_p95_ms": p95,
               "save_errors": len(result["errors"]), "paced_rate": options.rate}  # fmt: skip
        if with_signins:
            signed.sort()
            row |= {
                "signins": len(signed),
                "signin_errors": len(errors),
                "signins_per_s": len(signed) / wall,
                "signin_p50_ms": statistics.median(signed) * 1000 if signed else float("nan"),
                "signin_p95_ms": signed[int(0.95 * (len(signed) - 1))] * 1000
                if signed
                else float("nan"),
            }
        results[label] = row
        print(label, json.dumps(row, indent=None, default=str))
    print(f"month {month(0)}…: {options.officers} officers saving, {options.signins} sign-ins")
    out = Path(__file__).resolve().parents[1] / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "signin.json").write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
