"""The documentation site: it builds offline, and its pages open in a browser with every image and no error.

``make docs`` runs ``mkdocs build`` (mkdocs.yml, scripts/docs_hooks.py). The
test builds into a temporary folder, checks the HTML asks no other host for
anything, serves the folder on 127.0.0.1 and opens the home page, the API
reference and a notebook in headless Chromium, where every other host name
is made unresolvable: a page that fetched a font, a script or a picture from
the network would log an error.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from browser import chrome

ROOT = Path(__file__).resolve().parent.parent
PAGES = {  # page -> a text it must show
    "index.html": "J = 3(a + bc), the lecture's computation graph",
    "api/index.html": "binary_cross_entropy",
    "notebooks/01_computation_graph/index.html": "The computation graph",
}
# An address in an attribute that makes the browser fetch it (<script src>, <link href>, <img src>, ...).
FETCHED = re.compile(r"<(script|link|img|iframe|source|video|audio|embed)\b[^>]*\b(src|href)=\"(https?:)?//", re.I)


@pytest.fixture(scope="module")
def site(tmp_path_factory, require) -> Path:
    require("mkdocs")
    require("material")
    require("mkdocs_jupyter")
    require("mkdocstrings_handlers.python")
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # no banner about MkDocs 2
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.mark.slow
def test_every_page_is_built_and_fetches_nothing_from_the_network(site):
    for page, text in PAGES.items():
        assert text in (site / page).read_text(encoding="utf-8"), page
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks and all((site / "notebooks" / name / "index.html").is_file() for name in notebooks)
    for html in site.rglob("*.html"):
        found = FETCHED.search(html.read_text(encoding="utf-8"))
        assert found is None, f"{html.relative_to(site)} fetches from the network: {found.group(0)[:200]}"


@pytest.mark.slow
def test_the_api_page_has_every_public_name(site):
    import autograd
    import nn
    import viz

    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    for package in (autograd, nn, viz):
        for name in package.__all__:
            obj = getattr(package, name)
            if callable(obj):
                ids = {f'id="{package.__name__}.{name}"', f'id="{obj.__module__}.{name}"'}
                assert any(i in html for i in ids), f"{package.__name__}.{name} is not in the API page"
    assert '<span class="gp">&gt;&gt;&gt; </span>' in html  # the doctests are highlighted console code,
    assert "<p>&gt;&gt;&gt;" not in html  # never a paragraph


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no request log in the test output
        pass


def _chrome(skip_or_fail, profile: str):
    # Every host but this machine is unresolvable: a fetch from the network fails, and logs an error.
    arguments = ("--window-size=1280,900", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    return chrome(skip_or_fail, profile, what="the docs test", arguments=arguments, console_log=True)


# Lazy images load only when scrolled to: make them all load, then report those that did not.
_BROKEN_IMAGES = """
const done = arguments[arguments.length - 1];
const images = [...document.images];
images.forEach(img => { img.loading = "eager"; });
Promise.all(images.map(img => img.decode().catch(() => null))).then(() => {
  done(images.filter(img => !img.complete || img.naturalWidth === 0).map(img => img.currentSrc.slice(0, 120)));
});
"""


@pytest.mark.slow
@pytest.mark.browser
def test_home_api_and_a_notebook_open_with_every_image_and_no_console_error(server, skip_or_fail):
    with tempfile.TemporaryDirectory() as profile:
        driver = _chrome(skip_or_fail, profile)
        try:
            driver.set_script_timeout(60)
            for page, text in PAGES.items():
                driver.get(f"{server}/{page}")
                assert text in driver.find_element("tag name", "body").text, page
                images = driver.execute_script("return document.images.length")
                broken = driver.execute_async_script(_BROKEN_IMAGES)
                assert broken == [], f"{page}: images that did not load: {broken}"
                errors = [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
                assert errors == [], f"{page}: console errors: {errors}"
                if page == "index.html":
                    assert images >= 1  # the J picture
                if page.startswith("notebooks/"):
                    assert images >= 8  # the backward pass, drawn step by step
        finally:
            driver.quit()
