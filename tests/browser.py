"""Headless Chromium for the browser tests, started one way for all of them."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
_ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chrome(skip_or_fail, profile: str, *, what: str, arguments: tuple[str, ...] = (), console_log: bool = False):
    """A selenium driver for headless Chromium with a fresh profile, or skip (locally) / fail (in CI) without one.

    Args:
        skip_or_fail: the conftest fixture that skips locally and fails in CI.
        profile: an empty folder for Chromium's user data.
        what: which test needs it, for the message when Chromium is missing.
        arguments: more command-line switches.
        console_log: keep the page's console messages (``driver.get_log("browser")``).
    """
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        skip_or_fail(f"no browser for {what}: {', '.join(missing)} missing (apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip_or_fail("selenium is not installed (pip install selenium; `make test` installs it)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (*_ARGUMENTS, *arguments, f"--user-data-dir={profile}"):
        options.add_argument(argument)
    if console_log:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
