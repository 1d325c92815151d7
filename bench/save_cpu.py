"""The CPU of one deadline iteration, in process: the floor's three calls,
antq's three (save, find, submit) and antq's one (`?submit=true`), through
Django's test client on one connection, interleaved, median of rounds. On a
machine whose cores are saturated, throughput is the inverse of this cost,
so the ratios say what the surge's would on a quiet one.

    DATABASE_URL=postgres://…/antq_bench python bench/save_cpu.py [--rounds 5] [--each 10]

Uses the database bench/surge.py prepares. Benchmarks print; never tests.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
import surge
from django.test import Client
from django.test.utils import override_settings


def run(client: Client, token: str, code: str, k: int, way: str) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    period = surge.month(k)
    body = json.dumps({"dataValues": surge.form_rows(code, period)})
    prefix = "/floor" if way == "floor" else "/api/v1/statistics"
    save = "/floor/save" if way == "floor" else f"{prefix}/dataValueSets"
    if way == "one call":
        answer = client.post(save + "?submit=true", body, content_type="application/json", **auth)
        assert answer.status_code == 200 and answer.json()["reports"][0]["status"] == "submitted"
        return
    answer = client.post(save, body, content_type="application/json", **auth)
    assert answer.status_code == 200, answer.content[:200]
    found = client.get(f"{prefix}/submissions", {"form": "BC-THANG-XA", "period": period}, **auth)
    report = next(s for s in found.json() if s["unit"] == code)["id"]
    answer = client.post(f"{prefix}/submissions/{report}/submit", **auth)
    assert answer.status_code == 200, answer.content[:200]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--each", type=int, default=10)
    options = parser.parse_args()
    officers = surge.prepare()
    surge.reset_months()
    client = Client()
    ways = ["floor", "three calls", "one call"]
    costs: dict[str, list[float]] = {w: [] for w in ways}
    k = 0
    with override_settings(ROOT_URLCONF="bench.floor"):
        for way in ways:  # warm
            code, token = officers[0]
            run(client, token, code, surge.months_available() - 1 - ways.index(way), way)
        for _ in range(options.rounds):
            for way in ways:
                started = time.perf_counter()
                for i in range(options.each):
                    code, token = officers[(k + i) % len(officers)]
                    run(client, token, code, k // len(officers) * 0 + k + i, way)
                costs[way].append((time.perf_counter() - started) / options.each * 1000)
                k += options.each
    floor = statistics.median(costs["floor"])
    for way in ways:
        cost = statistics.median(costs[way])
        print(f"{way:<12} {cost:7.1f} ms per submitted report  floor/antq {floor / cost:5.0%}")


if __name__ == "__main__":
    main()
