"""Playwright fixtures: Debian's Chromium (never a downloaded browser), a local file server, and pages
that fail on any request leaving 127.0.0.1 and record console errors."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

sys.path.insert(0, str(ROOT / "tests"))  # for factories


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install -y chromium"))


def write_report(files: dict[str, str], out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server:
    """Serves one folder on 127.0.0.1 (random port) from a thread."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page plus what it did: console errors, blocked (non-local) requests, page errors."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        self.blocked: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "file://", "blob:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def console_errors(self) -> list[str]:
        return [c for c in self.console if c.startswith("error")] + self.errors

    def assert_clean(self) -> None:
        assert self.blocked == [], f"requests left the page: {self.blocked}"
        assert self.console_errors() == [], f"console errors: {self.console_errors()}"


@pytest.fixture
def watched(browser: Any) -> Iterator[Any]:
    def make(**kw: Any) -> Watched:
        ctx = browser.new_context(accept_downloads=True, **kw)
        contexts.append(ctx)
        return Watched(ctx.new_page())

    contexts: list[Any] = []
    yield make
    for c in contexts:
        c.close()


@pytest.fixture(scope="session")
def fixture_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The hand-made RunResult (``html_run()`` in tests/factories.py) rendered and served."""
    from factories import html_run

    from factcheck.report.html import render

    srv = Server(write_report(render(html_run()), tmp_path_factory.mktemp("fixture-report")))
    yield srv
    srv.close()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`factcheck check seeds/` through the real CLI; the report folder it wrote."""
    out = tmp_path_factory.mktemp("seed-report")
    proc = run_cli("check", "seeds/", "-o", str(out))
    tail = proc.stderr[-3000:]
    assert proc.returncode in (0, 1), f"factcheck check seeds/ exited {proc.returncode}:\n{tail}"
    assert (out / "index.html").exists()
    return out


@pytest.fixture(scope="session")
def seed_report(seed_dir: Path) -> Iterator[Server]:
    srv = Server(seed_dir)
    yield srv
    srv.close()
