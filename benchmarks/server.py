"""Start `laa serve` on a fresh database for a benchmark, and stop it afterwards.

SQLite by default (a temporary file); with BENCH_DATABASE_URL a PostgreSQL database
(which the caller creates). Loopback only.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The checkout's virtual environment, or the one running the benchmark (a git worktree has none).
_BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "laa").exists() else Path(sys.executable).parent
LAA = str(_BIN / "laa")
PYTHON = str(_BIN / "python")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url, "DEBUG": "false", "LAA_TESTING": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "ERROR",
    })
    return env


def prepare(env: dict[str, str], *steps: list[str]) -> None:
    for step in (["migrate", "--no-input", "-v0"], ["load-reference"], ["demo"], *steps):
        subprocess.run([LAA, *step], env=env, check=True, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def served(*steps: list[str], workers: int = 4) -> Iterator[tuple[str, int, dict[str, str]]]:
    """Yields (host, port, env) of a running server on a freshly loaded database."""
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        env = bench_env(url)
        prepare(env, *steps)
        port = free_port()
        log = Path(tmp) / "server.log"
        server = subprocess.Popen(
            [LAA, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"),
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError("the server did not start")
            yield "127.0.0.1", port, env
        except BaseException:
            if server.poll() is not None:  # the server died under the benchmark: say why
                print(f"laa serve exited with {server.returncode}; the end of its log:", file=sys.stderr)
                print("\n".join(log.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
            raise
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit("import this module from a benchmark")
