"""Benches measure antq as production runs it: DEBUG off. With DEBUG on,
Django wraps every statement in a timer and keeps its text (4 MB of the
import's peak memory; a second query, such as the catalogue's generation
check, costs twice its own time). Import this before `django.setup()`."""

import os
import secrets

os.environ.setdefault("ANTQ_DEBUG", "false")
os.environ.setdefault("ANTQ_SECRET_KEY", secrets.token_urlsafe(50))
