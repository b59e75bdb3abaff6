"""Load on loopback only, for the page benchmarks: a bounded closed-loop generator
(N concurrent clients, each with its own keep-alive connection, a fixed number of
requests in all), wrk with benchmarks/p95.lua, a paced generator (clients sending a
fixed rate between them), and signing in through the sign-in page.

    from benchmarks.loadgen import run_load
    result = run_load("127.0.0.1", 8000, ["/indicators/"], clients=50, requests=2000)

Refuses any host outside 127.0.0.0/8 and ::1.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

PASSWORD = "laa-demo-2008"
P95_LUA = Path(__file__).resolve().parent / "p95.lua"


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    def line(self, label: str) -> str:
        return (
            f"{label}: {len(self.latencies_ms)} requests, {self.errors} errors, statuses {self.statuses}, "
            f"{len(self.latencies_ms) / self.seconds:.0f} req/s, median {statistics.median(self.latencies_ms):.1f} ms, "
            f"p95 {self.percentile(95):.1f} ms, p99 {self.percentile(99):.1f} ms"
        )


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"{host} is not a loopback address: load is only sent to this machine")


def run_load(
    host: str, port: int, paths: list[str], *, clients: int = 50, requests: int = 2000,
    headers: dict[str, str] | None = None, timeout: float = 30.0, max_seconds: float = 120.0,
) -> LoadResult:
    _check_loopback(host)
    result = LoadResult()
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            path = paths[n % len(paths)]
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    result.latencies_ms.append(elapsed)
                    result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
            except (OSError, http.client.HTTPException):
                with lock:
                    result.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - began
    return result


def sign_in(host: str, port: int, username: str) -> str:
    """The Cookie header of a session signed in through the sign-in page."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", "/sign-in")
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
    conn.request("POST", "/sign-in", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}",
        "Referer": f"http://{host}:{port}/sign-in"})
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", ""))
    if response.status != 302 or session is None:
        raise SystemExit(f"could not sign in as {username}: {response.status}")
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie}"


def with_wrk(host: str, port: int, paths: list[str], cookie: str, clients: int, seconds: int) -> str:
    """wrk cycling through the paths; the percentiles printed by benchmarks/p95.lua."""
    _check_loopback(host)
    listed = ", ".join(f'"{p}"' for p in paths)
    rotate = (f"local paths = {{{listed}}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n"
              '  return wrk.format("GET", paths[i])\nend\n')
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(rotate + P95_LUA.read_text())
    try:
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s",
             *(["-H", f"Cookie: {cookie}"] if cookie else []), "-s", script.name, f"http://{host}:{port}{paths[0]}"],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    return out.strip().splitlines()[-1]


def paced_load(host: str, port: int, paths: list[str], *, clients: int, rate: float, seconds: float,
               headers: dict[str, str]) -> LoadResult:
    """`clients` people sending `rate` requests a second between them, at fixed intervals.
    Latency is counted from when each request was due, so a slow server is not hidden by
    clients that wait for it (no coordinated omission)."""
    _check_loopback(host)
    result = LoadResult()
    lock = threading.Lock()
    interval = clients / rate
    began = time.perf_counter()

    def client(n: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        due = began + interval * n / clients
        i = n
        while due < began + seconds:
            time.sleep(max(0.0, due - time.perf_counter()))
            try:
                conn.request("GET", paths[i % len(paths)], headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - due) * 1000
                with lock:
                    result.latencies_ms.append(elapsed)
                    result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
            except (OSError, http.client.HTTPException):
                with lock:
                    result.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            due += interval
            i += clients
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - began
    return result
