"""`make serve` (antq serve): gunicorn and the job worker start together, answer,
and stop together; an unsafe production configuration does not start at all."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

# gunicorn and the worker are other processes, on the wall clock
pytestmark = pytest.mark.real_clock

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTQ_", "DJANGO_"))}
    return env | {
        "ANTQ_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "ANTQ_DEBUG": "false",
        "ANTQ_SECRET_KEY": secrets.token_urlsafe(50),
        "ANTQ_ALLOWED_HOSTS": "127.0.0.1",
        "ANTQ_TLS": "true",  # the test plays the TLS proxy (X-Forwarded-Proto)
        **extra,
    }


def serve(env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def test_serve_starts_gunicorn_and_the_worker_answers_and_stops(tmp_path):
    port = free_port()
    server = serve(environment(tmp_path), port)
    lines: list[str] = []  # read as they come: the worker may start after the web answers
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()

    def worker_started() -> bool:
        return any("Starting worker" in line or "worker_id" in line for line in list(lines))

    try:
        deadline, status = time.monotonic() + 120, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/tai-khoan/dang-nhap/",
                    headers={"X-Forwarded-Proto": "https"},
                )
                with urllib.request.urlopen(request) as r:
                    status, page = r.status, r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, "".join(lines) if server.poll() is not None else "no answer"
        assert "Đăng nhập" in page
        started = time.monotonic() + 60
        while not worker_started() and time.monotonic() < started and server.poll() is None:
            time.sleep(0.2)  # on a loaded machine the job worker logs after gunicorn answers
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        reader.join(timeout=10)
        output = "".join(lines)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    assert server.returncode == 0, output
    assert "Booting worker" in output  # gunicorn's
    assert "Starting worker" in output or "worker_id" in output  # the job worker's


def test_an_unsafe_production_does_not_start(tmp_path):
    for extra, reason in [
        ({"ANTQ_DEBUG": "true"}, "ANTQ_DEBUG is on"),
        ({"ANTQ_WEB_WORKERS": "4"}, "SQLite with 4 web workers"),
    ]:
        result = subprocess.run(
            [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{free_port()}"],
            cwd=ROOT,
            env=environment(tmp_path, **extra),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode != 0
        assert reason in result.stderr, result.stderr


def _children(pid: int) -> dict[int, str]:
    """Child processes of `pid` (Linux /proc): pid → command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = command
    return found


def _worker_pid(server: subprocess.Popen, other_than: int | None = None) -> int | None:
    workers = [p for p, c in _children(server.pid).items() if "antq worker" in c]
    workers = [p for p in workers if p != other_than]
    return workers[0] if workers else None


def _answers(port: int) -> int | None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/tai-khoan/dang-nhap/", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except OSError:
        return None


def _until(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    return None


def test_a_killed_worker_is_logged_and_restarted_while_the_web_keeps_serving(tmp_path):
    port = free_port()
    server = serve(environment(tmp_path), port)
    try:
        assert _until(lambda: _answers(port) == 200, 120), "antq serve did not answer"
        first = _until(lambda: _worker_pid(server), 30)
        assert first, "no job worker"
        os.kill(first, signal.SIGKILL)

        assert _answers(port) == 200, "the web went down with the worker"
        second = _until(lambda: _worker_pid(server, other_than=first), 30)
        assert second, "the worker was not restarted"
        assert server.poll() is None and _answers(port) == 200
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    assert f"the job worker (pid {first}) stopped (signal SIGKILL)" in output
    assert f"job worker restarted (pid {second})" in output
    assert server.returncode == 0, output


def test_the_pause_before_a_restart_doubles_on_quick_deaths_and_resets_after_a_long_run():
    from antq.core.management.commands.serve import BACKOFF_MAX, STABLE_SECONDS, backoff

    pauses, delay = [], None
    for _ in range(8):
        delay = backoff(delay, ran=2)
        pauses.append(delay)
    assert pauses == [1, 2, 4, 8, 16, 32, 60, 60] and BACKOFF_MAX == 60
    assert backoff(60, ran=STABLE_SECONDS + 1) == 1
