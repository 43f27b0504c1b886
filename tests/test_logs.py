"""Logging is the entry points' business: importing the package configures nothing and prints nothing;
`configure_logging` (called by `baocao`'s main) shows the assistant's records on stderr when asked."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.logs import configure_logging

ENV_VAR = "BAOCAO_LOG_LEVEL"


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    environ.update(env, PYTHONPATH=str(PROJECT_ROOT))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=environ, cwd=PROJECT_ROOT, timeout=120)


def test_importing_the_cli_configures_no_logging() -> None:
    done = run_python("""
        import logging
        import assistant.cli.main
        import assistant.ui.runner, assistant.pipeline, assistant.llm.openai_client
        ours = logging.getLogger("assistant")
        print(len(logging.getLogger().handlers), [type(h).__name__ for h in ours.handlers], ours.level)
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "['NullHandler']", "0"]


RETRIED_CALL = """
    import asyncio, sys, tempfile
    from pathlib import Path
    from assistant.config import Settings
    from assistant.devtools.fake_openai import FakeOpenAIServer
    from assistant.llm.openai_client import make_chat_model
    from assistant.logs import configure_logging
    if sys.argv[-1] == "configure":
        configure_logging(Settings().log_level)
    with FakeOpenAIServer() as srv, tempfile.TemporaryDirectory() as tmp:
        s = Settings.test_profile(Path(tmp), backend="openai", openai_base_url=srv.base_url, retry_base_delay=0.01)
        srv.inject(("status", 503))
        print(asyncio.run(make_chat_model(s).agenerate("system", "[1] Tổ chức 12 buổi")).attempts)
"""


def test_a_retried_model_call_prints_nothing_by_default() -> None:
    done = run_python(RETRIED_CALL)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"  # it was retried...
    assert "thử lại" not in done.stderr and "HTTP 503" not in done.stderr  # ...silently


def test_the_entry_point_shows_the_retry_when_a_level_is_set() -> None:
    done = run_python(RETRIED_CALL.replace('sys.argv[-1] == "configure"', "True"), **{ENV_VAR: "warning"})
    assert done.returncode == 0, done.stderr
    assert "WARNING assistant.llm.openai_client" in done.stderr and "HTTP 503" in done.stderr


@pytest.fixture
def clean_logger(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    yield logging.getLogger("assistant")
    configure_logging(None)
    logging.getLogger("assistant").setLevel(logging.NOTSET)


def test_configure_logging_is_off_without_a_level_and_never_doubles(clean_logger, monkeypatch) -> None:
    assert configure_logging() is False
    assert [type(h).__name__ for h in clean_logger.handlers] == ["NullHandler"]
    monkeypatch.setenv(ENV_VAR, "debug")
    level = Settings().log_level
    assert level == "DEBUG"
    assert configure_logging(level) is True and configure_logging(level) is True
    assert len(clean_logger.handlers) == 2 and clean_logger.level == logging.DEBUG
    assert configure_logging("INFO") is True and clean_logger.level == logging.INFO
    assert len(clean_logger.handlers) == 2
