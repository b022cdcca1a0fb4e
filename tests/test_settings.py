"""One settings module read from the environment; bad or missing production values stop start-up."""

import os
import subprocess
import sys

import pytest


def start(**env):
    """Import the settings in a fresh interpreter with only the given variables set."""
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import registry.settings"], env=environment, capture_output=True, text=True
    )


def test_development_needs_no_configuration():
    assert start().returncode == 0


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "kelisim.example"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"CONN_MAX_AGE": "soon"}, "CONN_MAX_AGE"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
    ],
)
def test_a_missing_or_malformed_value_stops_start_up_naming_it(env, named):
    result = start(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr.splitlines()[-1]


def test_production_starts_with_what_it_needs():
    assert start(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="kelisim.example").returncode == 0
