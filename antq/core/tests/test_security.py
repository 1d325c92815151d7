"""Security headers on every page, and a production configuration that Django's
own deployment check passes without a warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_pages_forbid_inline_scripts_and_foreign_origins(client, personas):
    client.force_login(personas.officer_a)
    response = client.get("/don-vi/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "http" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_only_the_dashboard_lets_vega_compile_expressions(client, personas):
    from antq.indicators.services import catalogue_load

    catalogue_load()
    client.force_login(personas.officer_a)
    response = client.get("/bang-dieu-khien/")
    assert response.status_code == 200
    dashboard = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-eval'" in dashboard
    assert "unsafe-eval" not in client.get("/")["Content-Security-Policy"]


def test_the_production_settings_pass_the_deployment_check():
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("ANTQ_", "DJANGO_"))
    } | {
        "ANTQ_DEBUG": "false",
        "ANTQ_SECRET_KEY": secrets.token_urlsafe(50),
        "ANTQ_TLS": "true",
        "ANTQ_ALLOWED_HOSTS": "antq.example.vn",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/antq-check.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
