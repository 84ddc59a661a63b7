"""The stepper page on a projector: the drawing scales to the window; Home and End jump to the ends."""

from __future__ import annotations

import tempfile

import pytest
from test_viz_stepper import _chrome, lecture_graph

import viz


@pytest.fixture
def stepper(tmp_path):
    return viz.stepper_html(lecture_graph(), tmp_path / "J.html", title="J = 3(a + bc)")


def _drawing_on_screen(driver) -> dict:
    """The shown step's SVG: its box on screen, the window, and how much the drawing is scaled."""
    return driver.execute_script(
        "var svg = document.querySelector('section.step:not([hidden]) svg');"
        "var box = svg.getBoundingClientRect();"
        "return {right: box.right, bottom: box.bottom, width: box.width,"
        " window_width: window.innerWidth, window_height: window.innerHeight, scale: svg.getScreenCTM().a};"
    )


@pytest.mark.needs_dot
@pytest.mark.browser
def test_the_drawing_fills_a_large_window_and_fits_a_small_one(stepper, skip_or_fail):
    with tempfile.TemporaryDirectory() as profile:
        driver = _chrome(skip_or_fail, profile)
        try:
            scales = []
            for width, height in ((1920, 1080), (700, 500)):
                driver.set_window_size(width, height)
                driver.get(stepper.resolve().as_uri())
                shown = _drawing_on_screen(driver)
                assert shown["right"] <= shown["window_width"] + 0.5
                assert shown["bottom"] <= shown["window_height"] + 0.5  # no scrolling to see the drawing
                scales.append(shown["scale"])
            # J's drawing is about 650 pt wide: a projector shows it enlarged, a small window reduced
            assert scales[0] > 1.2 and scales[1] < 1.0, scales
        finally:
            driver.quit()


@pytest.mark.needs_dot
@pytest.mark.browser
def test_home_and_end_go_to_the_first_and_last_step_wherever_the_focus_is(stepper, skip_or_fail):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with tempfile.TemporaryDirectory() as profile:
        driver = _chrome(skip_or_fail, profile)
        try:
            driver.get(stepper.resolve().as_uri())

            def step() -> str:
                return driver.find_element(By.TAG_NAME, "body").get_attribute("data-step")

            def press(key, focus: str) -> None:  # the key goes to whatever has the focus, as a user's would
                driver.execute_script("arguments[0].focus();", driver.find_element(By.ID, focus))
                ActionChains(driver).send_keys(key).perform()

            press(Keys.END, "next")  # next is enabled on step 0
            assert step() == "7", "End with the focus on the Next button"
            press(Keys.HOME, "prev")  # prev is enabled on the last step
            assert step() == "0", "Home with the focus on the Prev button"
            press(Keys.END, "slider")
            assert step() == "7", "End with the focus on the slider"
            press(Keys.HOME, "slider")
            assert step() == "0" and driver.find_element(By.ID, "counter").text == "step 0 of 7"
            driver.find_element(By.TAG_NAME, "body").send_keys(Keys.END)
            assert step() == "7" and driver.find_element(By.ID, "counter").text == "step 7 of 7"
        finally:
            driver.quit()
