"""viz.stepper_html: one offline HTML file; a real headless Chromium clicks through it."""

from __future__ import annotations

import json
import os
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import chrome
from lecture_graphs import j_graph

import viz
from autograd import Value


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
    return chrome(skip_or_fail, profile, what="the stepper test")


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


# ---- the rule in the caption, and practice mode ---------------------------------------------


@pytest.mark.needs_dot
def test_every_step_caption_applies_the_rule(stepper):
    html = stepper.read_text(encoding="utf-8")
    assert "u = b * c: du/db = c = 2; upstream 3 × 2 = 6 to b" in html
    assert "u = b * c: du/dc = b = 3; upstream 3 × 3 = 9 to c" in html
    assert "v = a + u: dv/du = 1; upstream 3 × 1 = 3 to u" in html
    assert "dJ/db = 6 is complete" in html  # a leaf's step: its gradient is final


@pytest.fixture
def practice_page(tmp_path) -> Path:
    return viz.stepper_html(lecture_graph(), tmp_path / "J_practice.html", practice=True, title="J = 3(a + bc)")


@pytest.mark.needs_dot
def test_practice_page_has_one_box_per_edge_of_every_step_with_inputs(practice_page):
    page = _Page()
    page.feed(practice_page.read_text(encoding="utf-8"))
    body = next(a for tag, a in page.attributes if tag == "body")
    assert body["data-step"] == "0" and body["data-score"] == "0/0"
    boxes = [a for tag, a in page.attributes if tag == "input" and "data-edge" in a]
    expected = [p for step in lecture_graph().backward_steps() for p in step.products]
    assert [float(b["data-answer"]) for b in boxes] == expected  # J: 11, 3; v: 3, 3; u: 6, 9
    assert [b["data-edge"] for b in boxes] == ["n0->n6", "n5->n6", "n1->n5", "n4->n5", "n2->n4", "n3->n4"]
    exercises = [a for tag, a in page.attributes if tag == "div" and "data-exercise" in a]
    assert [e["data-exercise"] for e in exercises] == ["1", "2", "3"] and all("hidden" in e for e in exercises)
    assert [a.get("id") for tag, a in page.attributes].count("check") == 1
    # Each drawing marks the node asked about next (J while step 0 is shown, v at step 1, u at step 2).
    drawings = re.findall(r"<svg.*?</svg>", practice_page.read_text(encoding="utf-8"), re.S)
    marked = [re.findall(r'class="node practised">\s*<title>(n\d+)</title>', svg) for svg in drawings]
    assert marked == [["n6"], ["n5"], ["n4"], [], [], [], [], []]


def test_practice_must_be_a_bool_and_draws_every_node(tmp_path):
    with pytest.raises(TypeError, match="practice"):
        viz.stepper_html(lecture_graph(), tmp_path / "J.html", practice="yes")
    with pytest.raises(ValueError, match="collapse"):
        viz.stepper_html(lecture_graph(), tmp_path / "J.html", practice=True, collapse="neurons")
    assert not (tmp_path / "J.html").exists()


def _visible_boxes(driver):
    from selenium.webdriver.common.by import By

    return [box for box in driver.find_elements(By.CSS_SELECTOR, "input[data-edge]") if box.is_displayed()]


def _body(driver, attribute: str) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").get_attribute(attribute)


def _answer(driver, answers: dict[str, str]) -> list:
    """Type ``answers`` (data-edge -> text) into the visible boxes, in the order given, then press Check."""
    from selenium.webdriver.common.by import By

    boxes = {box.get_attribute("data-edge"): box for box in _visible_boxes(driver)}
    assert set(boxes) == set(answers)
    for edge, text in answers.items():
        boxes[edge].clear()
        boxes[edge].send_keys(text)
    driver.find_element(By.ID, "check").click()
    return [boxes[edge] for edge in answers]


@pytest.fixture(scope="module")
def browser(skip_or_fail):
    """One headless Chromium for the tests of this module (each loads its own page)."""
    with tempfile.TemporaryDirectory() as profile:
        driver = _chrome(skip_or_fail, profile)
        try:
            yield driver
        finally:
            driver.quit()


def _classes(box) -> set[str]:
    return set((box.get_attribute("class") or "").split())


@pytest.mark.needs_dot
@pytest.mark.browser
def test_practice_marks_answers_and_advances_when_all_are_right(practice_page, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(practice_page.resolve().as_uri())
    assert _body(browser, "data-step") == "0" and _body(browser, "data-score") == "0/0"
    # Step 1 (J = 3 * v, upstream 1): 11 flows to the constant 3, 3 flows to v.
    wrong, right = _answer(browser, {"n0->n6": "3", "n5->n6": "3"})
    assert "wrong" in _classes(wrong) and "right" in _classes(right)
    assert _body(browser, "data-step") == "0" and _body(browser, "data-score") == "0/0"  # not yet
    assert browser.find_element(By.ID, "next").get_attribute("disabled") is not None  # no peeking ahead
    # Right, typed in the other order of the boxes and in other spellings: the step is shown.
    boxes = _answer(browser, {"n5->n6": "3.0", "n0->n6": "11"})
    assert all("right" in _classes(box) and "wrong" not in _classes(box) for box in boxes)
    assert _body(browser, "data-step") == "1" and _body(browser, "data-score") == "1/1"
    assert [box.get_attribute("data-edge") for box in _visible_boxes(browser)] == ["n1->n5", "n4->n5"]
    # Step 2 (v = a + u, upstream 3): "show me" reveals it without a point.
    browser.find_element(By.ID, "show").click()
    assert _body(browser, "data-step") == "2" and _body(browser, "data-score") == "1/2"
    # Step 3 (u = b * c, upstream 3): arithmetic is read; a wrong one keeps the step closed.
    boxes = _answer(browser, {"n3->n4": "3*3", "n2->n4": "2*3"})
    assert all("right" in _classes(box) for box in boxes)
    assert _body(browser, "data-step") == "3" and _body(browser, "data-score") == "2/3"
    # The rest are leaves (nothing to type): Next and the keys walk to the end; the score says so.
    assert not _visible_boxes(browser)
    assert "2/3" in browser.find_element(By.CSS_SELECTOR, ".feedback").text
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.END)
    assert _body(browser, "data-step") == "7"


@pytest.mark.needs_dot
@pytest.mark.browser
def test_practice_hint_shows_the_rule_with_this_steps_numbers(practice_page, browser):
    from selenium.webdriver.common.by import By

    browser.get(practice_page.resolve().as_uri())
    browser.find_element(By.ID, "show").click()
    browser.find_element(By.ID, "show").click()  # now practising step 3: u = b * c
    hint = browser.find_element(By.CSS_SELECTOR, ".exercise[data-exercise='3'] .hint")
    assert not hint.is_displayed()
    browser.find_element(By.ID, "hint").click()
    assert hint.is_displayed()
    assert "d(x * y)/dx = y: multiplication swaps its inputs. Here du/db = c = 2." in hint.text
    task = browser.find_element(By.CSS_SELECTOR, ".exercise[data-exercise='3'] .task").text
    assert "dJ/du = 3" in task  # the node's upstream gradient


NUMBERS = [  # what a learner types for -0.5, and whether it is right
    ("-0.5", True),
    ("-.5", True),
    ("-1/2", True),
    ("-5e-1", True),
    ("(-1)*0.5", True),
    ("-0.5004", True),  # within 1e-3 relative
    ("-0.502", False),
    ("0.5", False),
    ("", False),
    ("alert(1)", False),
    ("-0.5; alert(1)", False),
    ("1/0", False),
]


@pytest.mark.needs_dot
@pytest.mark.browser
def test_practice_reads_numbers_and_arithmetic_never_code(tmp_path, browser):
    from selenium.common.exceptions import NoAlertPresentException

    a, b = Value(-0.5, label="a"), Value(0.001, label="b")
    y = a * b
    y.label = "y"
    page = viz.stepper_html(y, tmp_path / "y.html", practice=True)
    for typed, right in NUMBERS:
        browser.get(page.resolve().as_uri())
        to_a, to_b = _answer(browser, {"n0->n2": "1e-3", "n1->n2": typed})
        assert "right" in _classes(to_a)
        assert ("right" in _classes(to_b)) is right and ("wrong" in _classes(to_b)) is not right, typed
        assert _body(browser, "data-step") == ("1" if right else "0")
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018 (reading it is the check)


@pytest.mark.needs_dot
@pytest.mark.browser
def test_practice_arrow_keys_step_back_and_up_to_the_step_being_practised(practice_page, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(practice_page.resolve().as_uri())
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ARROW_RIGHT)
    assert _body(browser, "data-step") == "0"  # step 1 is not answered yet
    _answer(browser, {"n0->n6": "11", "n5->n6": "3"})
    browser.find_element(By.ID, "show").click()
    assert _body(browser, "data-step") == "2"
    body.send_keys(Keys.ARROW_LEFT)
    assert _body(browser, "data-step") == "1" and not _visible_boxes(browser)
    body.send_keys(Keys.HOME)
    assert _body(browser, "data-step") == "0"
    body.send_keys(Keys.ARROW_RIGHT)
    body.send_keys(Keys.ARROW_RIGHT)
    body.send_keys(Keys.ARROW_RIGHT)
    assert _body(browser, "data-step") == "2"  # the step being practised next is 3
    assert [box.get_attribute("data-edge") for box in _visible_boxes(browser)] == ["n2->n4", "n3->n4"]
    # Keys typed into an answer box stay there: an arrow moves the caret, not the step.
    box = _visible_boxes(browser)[0]
    box.send_keys("6", Keys.ARROW_LEFT)
    assert _body(browser, "data-step") == "2" and box.get_attribute("value") == "6"


def _two_stepper_host(tmp_path, how: str) -> Path:
    """A page holding two Stepper displays, their scripts run as JupyterLab or the classic notebook runs them."""
    first = viz.Stepper(lecture_graph(), practice=True)._repr_html_()
    second = viz.Stepper(lecture_graph(), practice=True)._repr_html_()
    if how == "inline":  # as written into a saved page (VS Code, nbconvert): the scripts run where they are
        body = f"<div>{first}</div><div>{second}</div>"
        script = ""
    else:
        body = '<div id="out1"></div><div id="out2"></div>'
        # JupyterLab sets innerHTML, then replaces each <script> by a new one (which runs);
        # the classic notebook (jQuery's .html) evaluates each script's text globally.
        run = (
            "var s2 = document.createElement('script'); s2.textContent = s.textContent; s.replaceWith(s2);"
            if how == "jupyterlab"
            else "(0, eval)(s.textContent);"
        )
        script = (
            "<script>var outputs = " + json.dumps([first, second]).replace("</", "<\\/") + ";"
            "['out1', 'out2'].forEach(function (id, i) { var el = document.getElementById(id);"
            " el.innerHTML = outputs[i];"
            " Array.prototype.forEach.call(el.querySelectorAll('script'), function (s) { " + run + " }); });</script>"
        )
    host = tmp_path / f"host_{how}.html"
    host.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}{script}</body></html>')
    return host


@pytest.mark.needs_dot
@pytest.mark.browser
@pytest.mark.parametrize("how", ["inline", "jupyterlab", "classic"])
def test_two_steppers_on_one_page_are_independent(tmp_path, browser, how):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(_two_stepper_host(tmp_path, how).resolve().as_uri())
    first, second = browser.find_elements(By.CSS_SELECTOR, "div.chainrule-stepper")
    ids = [element.get_attribute("id") for element in browser.find_elements(By.CSS_SELECTOR, "[id]")]
    assert len(ids) == len(set(ids))  # every id scoped to its stepper
    assert first.get_attribute("data-ready") and second.get_attribute("data-ready")
    assert first.get_attribute("data-lm-suppress-shortcuts") == "true"  # JupyterLab: no notebook shortcuts here
    # The classic notebook's shortcuts listen on the document: keys used by a stepper never get there.
    browser.execute_script("window.leaked = 0; document.addEventListener('keydown', function () { leaked++; });")
    for box, text in zip(
        [b for b in first.find_elements(By.CSS_SELECTOR, "input[data-edge]") if b.is_displayed()], ["11", "3"]
    ):
        box.send_keys(text)
    first.find_element(By.CSS_SELECTOR, ".check").click()
    assert (first.get_attribute("data-step"), first.get_attribute("data-score")) == ("1", "1/1")
    assert (second.get_attribute("data-step"), second.get_attribute("data-score")) == ("0", "0/0")
    second.find_element(By.CSS_SELECTOR, ".show").click()
    second.find_element(By.CSS_SELECTOR, ".show").click()
    assert (second.get_attribute("data-step"), second.get_attribute("data-score")) == ("2", "0/2")
    assert (first.get_attribute("data-step"), first.get_attribute("data-score")) == ("1", "1/1")
    # Keys go to the stepper that has the focus only.
    second.find_element(By.CSS_SELECTOR, ".prev").click()
    second.find_element(By.CSS_SELECTOR, ".prev").send_keys(Keys.ARROW_LEFT)
    assert second.get_attribute("data-step") == "0" and first.get_attribute("data-step") == "1"
    assert browser.execute_script("return leaked") == 0


@pytest.mark.needs_dot
@pytest.mark.browser
def test_hostile_labels_in_a_practice_page_are_inert(tmp_path, browser):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    label = "<img src=x onerror=alert(1)>\"'</label><script>alert(2)</script>"
    x = Value(2.0, label=label)
    y = x * 3
    y.label = label + "y"
    page = viz.stepper_html(y, tmp_path / "hostile.html", practice=True, title=label)
    parser = _Page()
    parser.feed(page.read_text(encoding="utf-8"))
    assert [tag for tag, _ in parser.attributes].count("script") == 1
    assert not any(tag == "img" for tag, _ in parser.attributes)
    browser.get(page.resolve().as_uri())
    task = browser.find_element(By.CSS_SELECTOR, ".exercise .task").text
    assert label in task  # shown as text
    _answer(browser, {"n0->n2": "3", "n1->n2": "2"})
    assert _body(browser, "data-step") == "1"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018


@pytest.mark.needs_dot
@pytest.mark.browser
def test_practice_page_works_from_disk_with_the_network_off(practice_page, browser):
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    browser.get(practice_page.resolve().as_uri())
    _answer(browser, {"n0->n6": "11", "n5->n6": "3"})
    assert _body(browser, "data-step") == "1"
    assert browser.find_element(By.ID, "step-1").find_element(By.TAG_NAME, "svg").is_displayed()
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    browser.execute_cdp_cmd(  # the browser is shared with the other tests: network back on
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    assert resources == []  # nothing fetched: every style, script and drawing is in the page


@pytest.mark.needs_dot
@pytest.mark.browser
def test_screenshot_of_a_practice_page_mid_exercise(tmp_path, browser):
    """Makes docs/practice.png for the README: the sigmoid neuron, one step right, one box wrong, the hint open."""
    from selenium.webdriver.common.by import By

    w, x, b = Value(2.0, label="w"), Value(-1.0, label="x"), Value(0.5, label="b")
    wx = w * x
    wx.label = "wx"
    z = wx + b
    z.label = "z"
    s = z.sigmoid()
    s.label = "s"
    page = viz.stepper_html(s, tmp_path / "neuron.html", practice=True, title="s = sigmoid(w x + b)", legend=False)
    browser.set_window_size(900, 1060)
    browser.get(page.resolve().as_uri())
    (box,) = _visible_boxes(browser)
    assert box.get_attribute("data-edge") == "n4->n5"
    box.send_keys("0.1491")  # s * (1 - s) = 0.1824 * 0.8176
    browser.find_element(By.ID, "check").click()
    assert _body(browser, "data-step") == "1" and "right" in _classes(box)
    boxes = _answer(browser, {"n3->n4": "0.2", "n2->n4": "0.1491"})
    assert "wrong" in _classes(boxes[0]) and "right" in _classes(boxes[1])
    browser.find_element(By.ID, "hint").click()
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    out = tmp_path / "practice.png"
    browser.save_screenshot(str(out))
    assert out.stat().st_size > 10_000
    docs = Path(__file__).resolve().parent.parent / "docs" / "practice.png"
    if os.environ.get("CHAINRULE_UPDATE_SCREENSHOT"):  # refresh the README picture on request only
        docs.write_bytes(out.read_bytes())


@pytest.mark.needs_dot
def test_practice_page_for_repeated_edges_a_leaf_root_and_unlabelled_nodes(tmp_path):
    x = Value(3.0, label="x")
    y = x * x  # two edges from x into one node: two boxes, two distinct data-edge values
    page = viz.stepper_html(y, tmp_path / "square.html", practice=True).read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(page)
    boxes = [a for tag, a in parsed.attributes if tag == "input" and "data-edge" in a]
    assert [b["data-edge"] for b in boxes] == ["n0->n1", "n0->n1#2"]
    assert [float(b["data-answer"]) for b in boxes] == [3.0, 3.0]
    assert "[9] = x * x: d([9])/dx = x = 3; upstream 1 × 3 = 3 to x" in page  # an unlabelled node: its value
    assert "out is the output: its upstream gradient is dout/dout = 1." in page  # an unlabelled root: "out"
    assert "Step 1: [9] = x * x. Its upstream gradient is dout/d([9]) = 1." in page
    alone = viz.stepper_html(Value(2.0, label="w"), tmp_path / "leaf.html", practice=True).read_text(encoding="utf-8")
    assert 'input type="text"' not in alone and 'data-score="0/0"' in alone  # nothing to practise, nothing asked
