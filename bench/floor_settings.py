from antq.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
