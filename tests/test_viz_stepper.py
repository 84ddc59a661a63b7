"""viz.stepper_html: one offline HTML file; a real headless Chromium clicks through it."""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lecture_graphs import j_graph

import viz
from autograd import Value

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def lecture_graph():
    """J = 3(a + bc) at a = 5, b = 3, c = 2, with u = bc, v = a + u."""
    return j_graph().J


@pytest.fixture
def stepper(tmp_path) -> Path:
    return viz.stepper_html(lecture_graph(), tmp_path / "J.html", title="J = 3(a + bc)")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attributes: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.attributes.append((tag, dict(attrs)))


@pytest.mark.needs_dot
def test_page_holds_every_step_and_needs_no_network(stepper):
    html = stepper.read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    sections = [a for tag, a in page.attributes if tag == "section"]
    assert [s["data-step"] for s in sections] == [str(k) for k in range(8)]
    assert sum(tag == "svg" for tag, _ in page.attributes) == 8
    for tag, attributes in page.attributes:  # nothing is fetched: no src, no stylesheet link
        assert "src" not in attributes and tag not in ("link", "iframe", "img")
        assert not any(
            str(value).startswith(("http:", "https:", "//"))
            for key, value in attributes.items()
            if key in ("href", "xlink:href", "action")
        )
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    assert re.search(r"step 0 of 7", html)


def test_stepper_needs_an_html_file_name(tmp_path):
    with pytest.raises(ValueError, match=r"\.html"):
        viz.stepper_html(lecture_graph(), tmp_path / "J.svg")


def _chrome(skip_or_fail, profile: str):
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        skip_or_fail(
            f"no browser for the stepper test: {', '.join(missing)} missing (apt-get install chromium chromium-driver)"
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip_or_fail("selenium is not installed (pip install selenium; `make test` installs it)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.mark.needs_dot
@pytest.mark.browser
def test_browser_steps_with_buttons_slider_and_keys(stepper, skip_or_fail):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with tempfile.TemporaryDirectory() as profile:
        driver = _chrome(skip_or_fail, profile)
        try:
            driver.get(stepper.resolve().as_uri())

            def shown() -> list[str]:
                return [
                    s.get_attribute("data-step")
                    for s in driver.find_elements(By.CSS_SELECTOR, "section.step")
                    if s.is_displayed()
                ]

            counter = driver.find_element(By.ID, "counter")
            assert shown() == ["0"] and counter.text == "step 0 of 7"
            assert driver.find_element(By.ID, "next").get_attribute("disabled") is None
            assert driver.find_element(By.ID, "prev").get_attribute("disabled") is not None

            driver.find_element(By.ID, "next").click()
            assert shown() == ["1"] and counter.text == "step 1 of 7"
            visible_svg = driver.find_element(By.ID, "step-1").find_element(By.TAG_NAME, "svg")
            assert "step 1 of 7: J (*)" in visible_svg.text

            driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
            assert shown() == ["2"]
            driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
            assert shown() == ["1"]
            driver.find_element(By.ID, "prev").click()
            assert shown() == ["0"]

            driver.execute_script(  # move the slider as a user's drag would
                "var s = document.getElementById('slider'); s.value = '7';s.dispatchEvent(new Event('input'));"
            )
            assert shown() == ["7"] and counter.text == "step 7 of 7"
            assert driver.find_element(By.ID, "next").get_attribute("disabled") is not None
        finally:
            driver.quit()


def test_stepper_refuses_graphs_too_large_to_step_through(tmp_path):
    y = Value(1.0, label="x")
    for _ in range(100):
        y = y * 1.01
    with pytest.raises(viz.GraphTooLargeError, match="max_nodes=150"):
        viz.stepper_html(y, tmp_path / "big.html")
    assert not (tmp_path / "big.html").exists()


@pytest.mark.needs_dot
def test_the_title_is_the_page_heading_not_repeated_in_every_drawing(stepper):
    html = stepper.read_text(encoding="utf-8")
    drawings = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(drawings) == 8
    assert "J = 3(a + bc)" in html.split("<svg", 1)[0]  # the heading, above the drawings
    assert not any("J = 3(a + bc)" in svg for svg in drawings)
