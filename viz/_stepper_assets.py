"""The style sheet and the script of a stepper page (``viz.stepper``), kept apart from the Python.

The style sheet is scoped to ``.chainrule-stepper``, so a notebook's own styles are left alone.
The script is plain ES5, with no library: it sets up every ``.chainrule-stepper`` element of the
page not yet set up, finding everything inside that element only.
"""

from ._text import FONT

__all__ = ["STYLE", "SCRIPT"]

STYLE = """
.chainrule-stepper { font-family: "Noto Sans", "Noto Sans CJK KR", Helvetica, Arial, sans-serif; color: #222; }
/* A stepper page of its own is a column as tall as the window: the drawing gets the height the */
/* controls and the caption leave, scaled up or down (a projector, a phone); its viewBox keeps its */
/* proportions. A practice page (its panel needs the room) and a notebook's stepper keep the */
/* drawing's own size, at most as wide as the page. */
body.chainrule-stepper { margin: 1.5rem; }
body.chainrule-stepper.fill { margin: 0; padding: 1.5rem; box-sizing: border-box; height: 100vh; display: flex;
  flex-direction: column; }
body.fill > main { flex: 1 1 auto; min-height: 12rem; }
body.fill .step:not([hidden]) { height: 100%; display: flex; flex-direction: column; }
body.fill .step svg { display: block; flex: 1 1 auto; min-height: 0; width: 100%; }
.chainrule-stepper [hidden] { display: none !important; }
.chainrule-stepper .title { font-size: 1.3rem; font-weight: bold; margin: 0 0 0.6rem; }
.chainrule-stepper .controls { display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; }
.chainrule-stepper .controls button { font-size: 1rem; padding: 0.3rem 0.9rem; }
.chainrule-stepper .controls input[type=range] { width: min(28rem, 60vw); }
.chainrule-stepper .counter { font-weight: bold; min-width: 8rem; }
.chainrule-stepper .score { font-weight: bold; color: #006B4F; }
.chainrule-stepper .keys { color: #666; font-size: 0.85rem; margin: 0.3rem 0 0.6rem; }
.chainrule-stepper .caption { margin: 0.4rem 0; padding: 0.3rem 0.6rem; background: #FDF8D2; border-radius: 4px; }
.chainrule-stepper .caption p { margin: 0.15rem 0; font-family: ui-monospace, Menlo, Consolas, monospace; }
.chainrule-stepper:not(.fill) .step svg { max-width: 100%; height: auto; }
.chainrule-stepper .step svg text { font-family: FONT_LIST; }
.chainrule-stepper .practice { border: 2px solid #D55E00; border-radius: 6px; padding: 0.5rem 0.9rem; margin: 0.6rem 0;
  background: #FFF8F3; }
.chainrule-stepper .practice ul { list-style: none; padding: 0; margin: 0.4rem 0; }
.chainrule-stepper .practice li { margin: 0.3rem 0; font-family: ui-monospace, Menlo, Consolas, monospace; }
.chainrule-stepper .practice button { font-size: 1rem; padding: 0.25rem 0.8rem; margin-right: 0.4rem; }
.chainrule-stepper input[data-edge] { width: 7rem; font-size: 1rem; padding: 0.15rem 0.3rem; border: 2px solid #999;
  border-radius: 4px; }
.chainrule-stepper input[data-edge].right { border-color: #009E73; background: #E3F4EE; }
.chainrule-stepper input[data-edge].wrong { border-color: #D55E00; background: #FBE9DF; }
.chainrule-stepper .mark.right { color: #006B4F; }
.chainrule-stepper .mark.wrong { color: #B34700; }
.chainrule-stepper .hint { color: #444; background: #F2F2F2; padding: 0.3rem 0.6rem; border-radius: 4px; }
.chainrule-stepper .feedback { font-weight: bold; min-height: 1.2rem; margin: 0.3rem 0; }
.chainrule-stepper .asking g.node.practised > path, .chainrule-stepper .asking g.node.practised > polygon {
  stroke: #D55E00; stroke-width: 3; stroke-dasharray: 6 3; }
"""
STYLE = STYLE.replace("FONT_LIST", FONT)  # the drawings' fonts (Korean first), written once

# One script for every stepper on a page: it sets up each ".chainrule-stepper" not yet set up,
# finding everything inside that element only, so steppers never touch each other.
SCRIPT = r"""
(function () {
  "use strict";
  // The learner's answer: a number, or + - * / ^ and parentheses over numbers. Never eval.
  function readNumber(text) {
    var s = String(text).replace(/\s+/g, "").replace(/\u00d7/g, "*").replace(/\*\*/g, "^").replace(/\u2212/g, "-");
    var i = 0;
    function peek() { return s.charAt(i); }
    function number() {
      var m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i));
      if (!m) { throw new Error("no number"); }
      i += m[0].length;
      return parseFloat(m[0]);
    }
    function atom() {
      if (peek() === "(") { i += 1; var v = sum(); if (peek() !== ")") { throw new Error(")"); } i += 1; return v; }
      return number();
    }
    function unary() {
      if (peek() === "-") { i += 1; return -unary(); }
      if (peek() === "+") { i += 1; return unary(); }
      var base = atom();
      if (peek() === "^") { i += 1; return Math.pow(base, unary()); }
      return base;
    }
    function product() {
      var v = unary();
      while (peek() === "*" || peek() === "/") {
        var op = s.charAt(i); i += 1;
        var w = unary();
        v = (op === "*") ? v * w : v / w;
      }
      return v;
    }
    function sum() {
      var v = product();
      while (peek() === "+" || peek() === "-") {
        var op = s.charAt(i); i += 1;
        var w = product();
        v = (op === "+") ? v + w : v - w;
      }
      return v;
    }
    try {
      if (s === "") { return null; }
      var value = sum();
      return (i === s.length && isFinite(value)) ? value : null;
    } catch (error) {
      return null;
    }
  }
  function close(got, want) { return Math.abs(got - want) <= 1e-3 * Math.max(Math.abs(want), 1e-12); }

  function setUp(root) {
    root.setAttribute("data-ready", "true");
    function find(selector) { return root.querySelector(selector); }
    function words(name, values) {
      var template = root.getAttribute("data-words-" + name) || "";
      return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
    }
    var sections = root.querySelectorAll("section.step");
    var last = sections.length - 1;
    var slider = find(".slider"), prev = find(".prev"), next = find(".next"), counter = find(".counter");
    var panel = find(".practice"), feedback = find(".feedback"), score = find(".score"), buttons = find(".buttons");
    var exercises = {};
    Array.prototype.forEach.call(root.querySelectorAll(".exercise"), function (element) {
      exercises[parseInt(element.getAttribute("data-exercise"), 10)] = element;
    });
    var revealed = {}, right = 0, asked = 0, current = 0;
    var notice = find(".needs-script");
    if (notice) { notice.hidden = true; }

    // The furthest step the learner may see: the one before the first exercise not yet revealed.
    function frontier() {
      for (var k = 1; k <= last; k++) { if (exercises[k] && !revealed[k]) { return k - 1; } }
      return last;
    }
    function openExercise() {
      var exercise = exercises[current + 1];
      return (exercise && !revealed[current + 1]) ? exercise : null;
    }
    function show(k) {
      var limit = frontier();
      var before = current;
      current = Math.max(0, Math.min(limit, k));
      for (var i = 0; i <= last; i++) { sections[i].hidden = (i !== current); }
      slider.value = String(current);
      prev.disabled = (current === 0);
      next.disabled = (current >= limit);
      counter.textContent = words("counter", {k: current, n: last});
      root.setAttribute("data-step", String(current));
      if (panel) {
        var open = openExercise();
        for (var key in exercises) { exercises[key].hidden = (exercises[key] !== open); }
        for (var j = 0; j <= last; j++) { sections[j].classList.toggle("asking", j === current && !!open); }
        buttons.hidden = !open;
        if (current !== before || !open) { say(status()); }
        panel.hidden = !open && !feedback.textContent;
      }
    }
    // What to do when no step is asked here: go on (a leaf's step has nothing to type), or all is done.
    function status() {
      if (openExercise()) { return ""; }
      if (asked > 0 && frontier() === last) { return words("done", {right: right, asked: asked}); }
      return current < frontier() ? words("go-on", {}) : "";
    }
    function say(message) {
      feedback.textContent = message;
      panel.hidden = panel.hidden && !message;
    }
    function reveal(exercise, earned) {
      var k = parseInt(exercise.getAttribute("data-exercise"), 10);
      revealed[k] = true;
      asked += 1;
      if (earned) { right += 1; }
      root.setAttribute("data-score", right + "/" + asked);
      score.textContent = words("score", {right: right, asked: asked});
      Array.prototype.forEach.call(exercise.querySelectorAll("input[data-edge]"), function (box) {
        if (!earned) { box.value = box.getAttribute("data-shown"); box.classList.add("shown"); }
        box.readOnly = true;
      });
      show(k);
      var then = status();
      say(words(earned ? "right" : "shown", {}) + (then ? " " + then : ""));
    }
    function check() {
      var exercise = openExercise();
      if (!exercise) { return; }
      var boxes = exercise.querySelectorAll("input[data-edge]");
      var wrong = 0, unreadable = 0;
      Array.prototype.forEach.call(boxes, function (box) {
        var got = readNumber(box.value);
        var ok = got !== null && close(got, parseFloat(box.getAttribute("data-answer")));
        if (got === null) { unreadable += 1; }
        if (!ok) { wrong += 1; }
        box.classList.toggle("right", ok);
        box.classList.toggle("wrong", !ok);
        box.setAttribute("aria-invalid", ok ? "false" : "true");
        var mark = box.parentNode.parentNode.querySelector(".mark");
        mark.className = "mark " + (ok ? "right" : "wrong");
        mark.textContent = words(ok ? "mark-right" : "mark-wrong", {});
      });
      if (wrong === 0) { reveal(exercise, true); return; }
      say(words("wrong", {wrong: wrong, total: boxes.length}) + (unreadable ? " " + words("unreadable", {}) : ""));
    }
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
    if (panel) {
      find(".check").addEventListener("click", check);
      find(".show").addEventListener("click", function () {
        var exercise = openExercise();
        if (exercise) { reveal(exercise, false); }
      });
      find(".hint-button").addEventListener("click", function () {
        var exercise = openExercise();
        if (exercise) { exercise.querySelector(".hint").hidden = false; }
      });
    }
    root.addEventListener("keydown", function (event) {
      var target = event.target;
      // A key used here goes no further: in a notebook, "1" typed into a box or an arrow key must
      // not also run the notebook's own shortcuts (the classic notebook listens on the document).
      if (target === slider) { event.stopPropagation(); return; }  // the slider moves itself
      if (target.tagName === "INPUT" || target.tagName === "TEXTAREA") {  // typing an answer
        event.stopPropagation();
        if (event.key === "Enter") { check(); event.preventDefault(); }
        return;
      }
      var to = {ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: last}[event.key];
      if (to !== undefined) { show(to); event.preventDefault(); event.stopPropagation(); }
    });
    show(0);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".chainrule-stepper:not([data-ready])"), setUp);
})();
"""
