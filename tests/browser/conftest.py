"""The browser tests' world: a real server (gunicorn through `laa serve`) on a fresh
database of its own, Debian's Chromium driven by Playwright, and helpers to sign in
and to check a page with axe.

The server runs in a subprocess for the whole session: SQLite in a temporary file, or,
when DATABASE_URL names a PostgreSQL database, a separate database `<name>_browser_<worker>`
(dropped and created). It starts as a copy of a template made once per test run by the
`laa` commands that prepare it (tests/browser/templates.py: migrated, the reference data
and the demonstration loaded), is served on a free port and stopped at the end. Modules
serving a day of their own do the same.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import pytest

from . import templates

CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "laa-demo-2008"
LAA = str(Path(sys.executable).with_name("laa"))


def pytest_collection_modifyitems(config, items):
    """Without Debian's Chromium the browser tests are skipped, saying why."""
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (run `make browser`)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _copy(template: str, tmp: Path, suffix: str) -> tuple[str, object]:
    """A server's own copy of a template database: its DATABASE_URL, and how to remove it."""
    outer = templates.postgres_url()
    if outer:
        config = dj_database_url.parse(outer)
        # One database per xdist worker and server.
        name = f"{config['NAME']}_browser_{_worker()}{suffix}"
        url = outer.rsplit("/", 1)[0] + "/" + name
        templates.postgres_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        templates.postgres_execute(url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return url, lambda: templates.postgres_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.copyfile(template, tmp / "browser.sqlite3")
    return f"sqlite:///{tmp / 'browser.sqlite3'}", lambda: None


def _environment(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "LAA_TESTING": "true", "DEBUG": "false",
           "ALLOWED_HOSTS": "127.0.0.1", "LAA_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "laa.settings"}
    env.pop("LAA_TODAY", None)
    return env


def _run(env: dict[str, str], command: list[str], what: str) -> None:
    done = subprocess.run([LAA, *command], env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        pytest.fail(f"`laa {' '.join(command)}` failed for {what}:\n{done.stdout}\n{done.stderr}")


# Databases made once per test run and copied for each server that needs one
# (tests/browser/templates.py): the reference database (migrated, the reference data
# loaded), and the reference database with a demonstration loaded, by the `laa demo ...`
# command that loaded it. Neither `load-reference` nor `demo` reads the service's day (the
# demonstration dates each of its steps itself), so a copy is what the command would have
# made for the server.
_TEMPLATES: dict[tuple[str, ...], tuple[str, Path]] = {}
# The environment each server runs in, by its URL: a test runs a `laa` command (as cron would)
# on the server's database with it.
SERVED: dict[str, dict[str, str]] = {}


def _template(command: tuple[str, ...]) -> tuple[str, Path]:
    """The template database made by `laa <command>` on a copy of the reference one (the
    reference one itself for no command), and its LAA_VAR_DIR (what the command wrote
    there): made by the first process of the run that asks, under a lock, then read by
    every process of the run."""
    if command in _TEMPLATES:
        return _TEMPLATES[command]
    key = hashlib.sha256(repr(command).encode()).hexdigest()[:10]
    reference = _template(()) if command else None  # taken before this one's lock: always in that order
    with templates.locked(key) as folder:
        made = folder / "made"
        if not made.exists():
            _make(command, folder, key, reference)
            made.write_text(templates.postgres_name(key) if templates.postgres_url() else str(folder / "db.sqlite3"))
        _TEMPLATES[command] = (made.read_text(), folder / "var")
    return _TEMPLATES[command]


def _make(command: tuple[str, ...], folder: Path, key: str, reference: tuple[str, Path] | None) -> None:
    shutil.rmtree(folder, ignore_errors=True)  # what a process stopped halfway through left
    folder.mkdir()
    outer = templates.postgres_url()
    if outer:
        name = templates.postgres_name(key)
        url = outer.rsplit("/", 1)[0] + "/" + name
        templates.postgres_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        templates.postgres_execute(url, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{reference[0]}"' if reference else ""))
    else:
        if reference:
            shutil.copyfile(reference[0], folder / "db.sqlite3")
        url = f"sqlite:///{folder / 'db.sqlite3'}"
    if reference:
        shutil.copytree(reference[1], folder / "var")
        _run(_environment(url, folder / "var"), list(command), "a template database")
    else:
        (folder / "var").mkdir()
        for each in (["migrate", "--no-input", "-v0"], ["load-reference"]):
            _run(_environment(url, folder / "var"), each, "the reference database")


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory):
    """A real server for the session: fresh database, migrated, reference and demo
    data loaded, `laa serve` with 2 workers on a free port."""
    # One `laa` call: migrate, load the reference data, then the demonstration data (the
    # synthetic observations for Kent and Medway only: all 150 areas' take minutes). The
    # journeys compose, negotiate and sign Kent's agreement: it stays as drafted.
    command = ["demo", "--reference", "--before-approval", "--synthetic-areas", "E2221,E2201"]
    yield from serve(tmp_path_factory.mktemp("server"), command)


def serve(tmp: Path, command: list[str], env_extra: dict[str, str] | None = None, database: str = "",
          then: list[list[str]] | None = None):
    """Serve the site from a copy of the database that `laa <command>` prepared (made once
    per test process, `_template`); yields its URL and stops it (and drops the copy)
    afterwards. `env_extra`: e.g. LAA_TODAY;
    `database`: a suffix for a PostgreSQL database of its own; `then`: further `laa`
    commands run on the same database before it is served (e.g. `shell -c` adding users)."""
    if command[:2] == ["demo", "--reference"]:  # the reference data is in every template already
        command = ["demo", *command[2:]]
    template, template_var = _template(tuple(command))
    database_url, drop_database = _copy(template, tmp, database)
    shutil.copytree(template_var, tmp / "var", dirs_exist_ok=True)
    env = {**_environment(database_url, tmp / "var"), **(env_extra or {})}
    SERVED[f"{tmp}"] = env
    log = (tmp / "server.log").open("w")
    for each in then or []:
        done = subprocess.run([LAA, *each], env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            drop_database()
            pytest.fail(f"`laa {' '.join(each)}` failed:\n{done.stdout}\n{done.stderr}")

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [LAA, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120  # a ceiling: gunicorn starts in seconds, slower on a busy machine
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"the server did not start:\n{(tmp / 'server.log').read_text()}")
            time.sleep(0.1)
        SERVED[url] = SERVED.pop(f"{tmp}")
        yield url
    finally:
        SERVED.pop(url, None)
        if server.poll() is not None:  # it died during the session: show why
            log.flush()
            sys.stderr.write(f"\nThe server stopped early ({server.returncode}):\n{(tmp / 'server.log').read_text()}\n")
        server.send_signal(signal.SIGTERM)  # gunicorn's master stops its workers
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
        drop_database()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the tests write their screenshots: a temporary directory, so a test run changes
    nothing in the checkout. LAA_SCREENSHOTS names another directory, to take them
    deliberately (`LAA_SCREENSHOTS=docs/screenshots make test`, then commit the ones meant)."""
    chosen = os.environ.get("LAA_SCREENSHOTS")
    if not chosen:
        return tmp_path_factory.mktemp("screenshots")
    folder = Path(chosen).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def base_url(live_server_url):
    """pytest-playwright gives every context this base URL, so page.goto("/indicators/") works."""
    return live_server_url


def sign_in(page, base_url: str, username: str) -> None:
    """Sign in through the sign-in page as a demonstration user."""
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")
    assert page.get_by_role("button", name="Sign out").is_visible()


def signed_in(browser, url: str, username: str):
    """A page of a new browser context on the server at `url`, signed in as that user (for
    the tests that serve a day of their own with `serve`)."""
    page = browser.new_context(base_url=url, viewport={"width": 1200, "height": 900}).new_page()
    sign_in(page, url, username)
    return page


_axe = None


def assert_accessible(page) -> None:
    """No axe-core violations on the page as it is now."""
    global _axe
    from axe_playwright_python.sync_playwright import Axe

    _axe = _axe or Axe()
    results = _axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture(scope="session")
def signed_in_pages(browser, base_url):
    """page_for(username) -> a page in a browser context signed in as that user; one
    context per user for the whole session (signing in once)."""
    contexts = {}

    def page_for(username: str):
        if username not in contexts:
            context = browser.new_context(base_url=base_url)
            page = context.new_page()
            sign_in(page, base_url, username)
            contexts[username] = (context, page)
        return contexts[username][1]

    yield page_for
    for context, _ in contexts.values():
        context.close()
