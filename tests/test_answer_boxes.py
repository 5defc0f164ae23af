"""The exercise pages' answer boxes (docs/javascripts/answer-boxes.js) in Chromium.

The same answers go into the page and into ``python -m lab3 check`` (its ``main``,
typed options for Part 1, a JSON file for Part 2), and the verdicts and hints must
be the same, for every variant the page offers and every slip lab3 knows. The
page's own replay of the Part 2 loop and of the learning-rate regimes is held
against lab3's for many rates. The boxes are used by keyboard alone, at a phone's
width and a desktop's, in both colour schemes, after instant navigation, and
without JavaScript the terminal's instructions remain.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re

import numpy as np
import pytest
from chromium import console_errors
from site_copy import serve_sitemap

import lab3
from lab3 import learning_rate, training
from lab3.selfcheck import cli, part2
from lab3.selfcheck.variant import make_variant

pytestmark = pytest.mark.site

NUMBER = re.compile(r"-?\d+(\.\d+)?(e[-+]\d+)?")
MARKS = {"[ok]": "correct", "[wrong]": "wrong", "[missing]": "missing", "[?]": "unchecked"}
PAGE_ITEMS = """(box) => [...document.querySelectorAll(`#${box} .lab3-check__item`)].map((li) => ({
  name: li.dataset.name, status: li.dataset.status,
  hint: li.querySelector('.lab3-check__hint')?.textContent ?? ''}))"""
BULK1 = """async ([cases]) => {
  const data = await window.lab3Answers.data[document.querySelector('#check-part1').dataset.src];
  const j = window.lab3Answers.judge;
  return cases.map(([key, typed]) => {
    const given = {};
    for (const n of data.names) given[n] = j.parse(typed[n] ?? '');
    return j.judgePart1(data, data.problems[key], given).filter((i) => i.name in typed);
  });
}"""


def cli_items(argv) -> list[dict]:
    """The verdicts ``python -m lab3 check`` prints for ``argv``."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["check", *argv])
    items = []
    for line in out.getvalue().splitlines()[1:]:
        mark = line.split()[0] if line.startswith("  [") else None
        if mark in MARKS:
            rest = line[12:]
            name = rest.split()[0]
            items.append({"name": name, "status": MARKS[mark], "hint": rest[len(name):].strip()})
    return items


def typed(values) -> str:
    """Numbers as a student types them: three significant digits."""
    return ",".join(f"{v:.3g}" for v in np.ravel(values))


def part1_cases(key: str, problem: dict, rng: random.Random, every_slip: bool) -> list[dict]:
    """Typed answers: all right, each slip (or one per answer), and the chains lab3 follows."""
    right = problem["answers"]
    cases = [dict(right)]
    for name, slips in problem["slips"].items():
        usable = [v for _, v in slips]  # some of another size: x left out
        for value in usable if every_slip else rng.sample(usable, 1):
            cases.append({**right, name: value})
    p = lab3.LAB_PROBLEM if key == "lab" else make_variant(*map(int, key.split("-")))
    y = right["y"][0] + 0.37
    dy = np.array(right["dy_dw"]) + 0.5
    g = 2 * (y - p.y_label) * dy
    cases += [
        {"y": [y], "loss": [(y - p.y_label) ** 2], "dy_dw": dy, "dL_dw": g,
         "w_new": p.w - p.lr * g},  # each answer follows from the wrong ones before it
        {"dL_dw": g, "w_new": p.w + p.lr * g},
        {**halved(problem), "y": right["y"]},  # the textbook's ½ in the loss
        {"dy_dw": [0.0] * p.x.size, "dL_dw": [0.0] * p.x.size},
        {"loss": [right["loss"][0] * 1.012], "w_new": np.array(right["w_new"]) + 0.3},
        {"dy_dw": [1.0] * 5, "dL_dw": [2.0] * 5, "loss": [1e3]},  # another variant's answers
        {"y": [1.0, 2.0], "dy_dw": [1.0] * (p.x.size + 1)},
        {"dy_dw": [1.5], "dL_dw": [2.5], "w_new": [3.5]},  # one number each: no variant's
        {**right, "loss": [2 * right["loss"][0]], "dL_dw": 2 * np.array(right["dL_dw"])},
    ]
    # another problem's answers, of another size: a variant's on the lab, the lab's on a variant
    other = make_variant(3, 4) if key == "lab" else lab3.LAB_PROBLEM
    if other.x.size != p.x.size:
        theirs = lab3.solve(other)
        cases.append({n: np.ravel(getattr(theirs, n)) for n in ("dy_dw", "dL_dw", "w_new", "loss")})
    cases = [{n: typed(v) for n, v in case.items()} for case in cases]
    # decimal commas (5,57,5,14 for 5.57, 5.14): only the size is judged, not guessed at; a
    # variant is suggested only when no other answer has another length
    commas = ",".join(f"{v:.2f}".replace(".", ",") for v in right["w_new"])
    return cases + [{"w_new": commas}, {**cases[0], "w_new": commas},
                    {"dy_dw": typed(range(p.x.size + 1)), "w_new": commas}]


def halved(problem: dict) -> dict:
    """The answers with the textbook's ½ in the loss carried through, as the page derives
    them from its data: L/2, ∂L/∂w / 2 and the update w - α·(∂L/∂w)/2."""
    a, w, lr = problem["answers"], np.array(problem["w"]), problem["lr"]
    return {"loss": [a["loss"][0] / 2], "dL_dw": [g / 2 for g in a["dL_dw"]],
            "w_new": (w - lr * np.array(a["dL_dw"]) / 2).tolist()}


def flags(key: str) -> list[str]:
    return [] if key == "lab" else ["--seed", key.split("-")[0], "--dim", key.split("-")[1]]


OPTION = {name: option for option, name in cli.TYPED.items()}


def cli_part1(key, answers) -> list[dict]:
    return cli_items(flags(key) + [a for n, v in answers.items() for a in (OPTION[n], v)])


@pytest.fixture(scope="module")
def browser(chromium_browser):
    return chromium_browser


@contextlib.contextmanager
def open_page(browser, url, width=1280, scheme="light", javascript=True):
    """A fresh page at ``url``; yields (page, console errors)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = console_errors(page)
    page.goto(url, wait_until="load")
    try:
        yield page, errors
    finally:
        context.close()


def ready(page, box):
    page.wait_for_selector(f"#{box} .lab3-check__answers:not([hidden])")


@pytest.fixture(scope="module")
def part1_page(browser, site_server):
    with open_page(browser, site_server + "exercises/part1/") as (page, errors):
        ready(page, "check-part1")
        yield page
        assert not errors


@pytest.fixture(scope="module")
def part1_data(built_site):
    return json.loads((built_site / "exercises/part1-check.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def part2_data(built_site):
    return json.loads((built_site / "exercises/part2-check.json").read_text(encoding="utf-8"))


def fill_and_check(page, box, answers, names, keys="Enter"):
    for name in names:
        page.fill(f"#{box}-{name}", answers.get(name, ""))
    page.press(f"#{box}-{names[-1]}", keys)
    page.wait_for_function(f"document.querySelector('#{box} .lab3-check__result ul')")
    return page.evaluate(PAGE_ITEMS, box)


def test_typed_into_the_page_and_the_cli_the_verdicts_agree(part1_page, part1_data):
    """Through the boxes: each answer with one of its slips, and the chains, commas and
    other problems' answers. (Every slip of every variant meets the page's judge in the
    test below; the box shows a verdict and a hint as plain text, whichever they are.)"""
    page, rng = part1_page, random.Random(3)
    names = part1_data["names"]
    for key, box in [("lab", "check-part1"), ("3-4", "check-variant"), ("17-2", "check-variant")]:
        if box == "check-variant":
            seed, dim = key.split("-")
            page.fill("#check-variant-seed", seed)
            page.select_option("#check-variant-dim", dim)
            page.press("#check-variant-seed", "Enter")
            page.wait_for_function(
                f"document.querySelector('#check-variant .lab3-check__problem')"
                f".textContent.includes('--seed {seed} --dim {dim}')")
        for answers in part1_cases(key, part1_data["problems"][key], rng, every_slip=False):
            shown = {n: f"[{v.replace(',', ', ')}]" for n, v in answers.items()}
            page_items = fill_and_check(page, box, shown, names)
            expected = cli_part1(key, answers)
            assert [i for i in page_items if i["name"] in answers] == expected, (key, answers)
            assert all(i["status"] == "missing" for i in page_items if i["name"] not in answers)
            command = page.inner_text(f"#{box} .lab3-check__command").split()
            assert cli_items(command[4:]) == expected, "the command the page shows says the same"


def test_the_page_reads_and_writes_numbers_as_python_does(part1_page):
    texts = ["-8,-4", "[-8, -4]", " 4 ", "[2.5e-3,1E2]", "-.5, +3.", "1,,2", "[[1, 2]]"]
    read = part1_page.evaluate("ts => ts.map(window.lab3Answers.judge.parse)", texts)
    assert read == [cli._numbers(t) for t in texts]
    assert part1_page.evaluate("ts => ts.map(window.lab3Answers.judge.parse)",
                               ["", "  ", "two", "1, x", "0x10"]) == [None, None] + [None] * 3
    values = [0.37, 2.5, 1e-5, 1.23456789e-5, 123456789.0, 1e16, 1e-4, 99999.95, 1e6, 3.14159265,
              2.0, 1.5e-4, 0.000123456, -42.0, 7e-7, 0.019999, 123456.5, 9.5, 0.125, -3.5]
    got = part1_page.evaluate("""vs => vs.map((v) => [window.lab3Answers.judge.general(v),
        window.lab3Answers.judge.pyExp(v, 0), window.lab3Answers.judge.fixed(v, 2)])""", values)
    assert got == [[f"{v:g}", f"{v:.0e}", f"{v:.2f}"] for v in values]


# The problems whose every slip is judged: the lab's, a one-weight variant, and those the
# boxes are typed into above.
EVERY_SLIP = ("lab", "1-2", "9-3", "3-4", "17-2")


def test_every_variant_the_page_offers_agrees_with_the_cli(part1_page, part1_data):
    rng = random.Random(7)
    cases = [(key, answers) for key, problem in part1_data["problems"].items()
             for answers in part1_cases(key, problem, rng, every_slip=key in EVERY_SLIP)]
    assert len(part1_data["problems"]) == 1 + 20 * 3
    verdicts = part1_page.evaluate(BULK1, [cases])
    hints = set()
    for (key, answers), page_items in zip(cases, verdicts):
        expected = cli_part1(key, answers)
        assert page_items == expected, (key, answers)
        hints |= {i["hint"] for i in expected}
    slips = set(part1_data["hints"])
    met = {slip for slip in slips if any(slip in hint for hint in hints)}  # alone, or "either"
    assert met == slips, f"slips whose hint no answer met: {sorted(slips - met)}"


def test_the_pages_loop_and_regimes_agree_with_lab3(part1_page, browser, site_server,
                                                     part2_data):
    d = part2_data
    x, y = np.array(d["x"]), np.array(d["y"])
    rates = np.concatenate([np.logspace(-18, -11, 15), np.logspace(-2, 2, 161)])
    runs = learning_rate.descend(x, y, rates)
    with open_page(browser, site_server + "exercises/part2/") as (page, errors):
        ready(page, "check-part2")
        got = page.evaluate("""([d, rates]) => rates.map((lr) => {
            const o = window.lab3Answers.judge.regime(d, lr);
            return [o.regime, window.lab3Answers.judge.advice(d, o)]; })""", [d, rates.tolist()])
        chaotic = 0
        for i, (regime, advice) in enumerate(got):
            o = runs.outcome(i)
            assert regime == o.regime, rates[i]
            if regime == "erratic" and o.end_grad >= d["judge"]["plateau"] and advice != o.advice():
                # still moving after 10,000 steps of a chaotic run: where it ends depends on
                # the last bit of each step, in lab3 itself too (see below); the words agree
                assert NUMBER.sub("#", advice) == NUMBER.sub("#", o.advice()), rates[i]
                nudged = learning_rate.descend(x, y, rates[i:i + 1], w_init=(-2.0, 2.0 + 1e-15))
                assert np.abs(nudged.outcome(0).end_w - o.end_w).max() > 1e-3, rates[i]
                chaotic += 1
            else:
                assert advice == o.advice(), rates[i]
        assert len({r for r, _ in got}) >= 4 and chaotic < len(rates) // 10
        some = [0.1, 1.0, 2.5, 4.0, 6.0, 20.5, 60.0]
        replays = page.evaluate("""([d, rates]) => rates.map((lr) =>
            window.lab3Answers.judge.runs(d, lr).map(([k, h, r]) => [k, h, r.w]))""", [d, some])
        for lr, replay in zip(some, replays):
            expected = []
            for kind in training.LOSSES:
                expected.append((kind, None, training.learning_loop(x, y, lr, loss=kind)))
            for total, loss in part2.TOTALS.items():
                for hint, term in part2.LOSS_SLIPS:
                    expected.append(("loss", hint, replay_of(x, y, lr, term, total)))
                for hint, options in part2.UPDATE_SLIPS:
                    expected.append(("update", hint, replay_of(x, y, lr, None, loss, **options)))
            expected = [(k, h, r.w) for k, h, r in expected if r is not None]
            assert [(k, h) for k, h, _ in replay] == [(k, h) for k, h, _ in expected], lr
            for (_, _, w), (_, _, want) in zip(replay, expected):
                assert np.allclose(w, want, rtol=1e-8, atol=1e-10), lr
        assert not errors


def replay_of(x, y, lr, term, loss, **options):
    """lab3's replay of one slip (None when it diverges), as part2 runs it."""
    if term is not None:
        def loss(w, x, y, term=term, total=loss):
            return getattr(term(w, x, y), total)()
    try:
        return training.learning_loop(x, y, lr, loss=loss, **options)
    except training.DivergenceError:
        return None


def part2_cases(d) -> list[dict]:
    """Answers to Part 2: the right loop, its slips, and weights no loop reaches."""
    x, y = np.array(d["x"]), np.array(d["y"])
    cases = []
    for lr in (0.1, 2.5, 6.0, 20.5):
        right = training.learning_loop(x, y, lr)
        cases += [{"learning_rate": lr, "w": right.w.tolist(), "loss": right.losses[-2]},
                  {"learning_rate": lr, "w": right.w.tolist(), "loss": right.losses[-1] + 1}]
    mean = training.learning_loop(x, y, 12.0, loss="mse")
    cases.append({"learning_rate": 12.0, "w": mean.w.tolist(), "loss": mean.losses[-2]})
    for i, (_, term) in enumerate(part2.LOSS_SLIPS):
        h = replay_of(x, y, 2.5, term, "sum" if i % 2 else "mean")
        if h is not None:
            cases.append({"learning_rate": 2.5, "w": h.w.tolist(), "loss": h.losses[-2]})
    for _, options in part2.UPDATE_SLIPS:
        h = replay_of(x, y, 1.0, None, "sse", **options)
        cases += [{"learning_rate": 1.0, "w": h.w.tolist(), "loss": h.losses[-2]},
                  {"learning_rate": 1.0, "w": h.w.tolist(), "loss": 99.0}]
    right = training.learning_loop(x, y, 2.5)  # typed to three significant digits
    cases.append({"learning_rate": 2.5, "w": [float(f"{v:.3g}") for v in right.w],
                  "loss": float(f"{right.losses[-2]:.3g}")})
    cases.append({"learning_rate": 2.5, "w": [float(f"{v:.2g}") for v in right.w],  # two
                  "loss": float(f"{right.losses[-2]:.3g}")})
    cases += [{"learning_rate": 2.5, "w": [float(f"{v:.3g}") for v in right.w],  # loss: two
               "loss": float(f"{right.losses[-2]:.2g}")},
              {"learning_rate": 2.5, "w": [1.35, -1.04], "loss": 1.0},  # three digits, wrong
              {"learning_rate": 0.001, "w": [-2.0, 2.0], "loss": 1.0}]  # never moved
    cases += [{"learning_rate": 2.5, "w": [-2.0, 2.0], "loss": 1.0},
              {"learning_rate": 0.37, "w": [1.0, 1.0], "loss": 1.0},
              {"learning_rate": -1.0, "w": [1.0, 1.0], "loss": 1.0}]
    # w at the start with the loss there (never moved), or a right loop's last (made again)
    start_sse = float(lab3.likelihood.sse([-2.0, 2.0], x, y))
    cases += [{"learning_rate": 2.5, "w": [-2.0, 2.0], "loss": start_sse},
              {"learning_rate": 2.5, "w": [-2.0, 2.0], "loss": right.losses[-2]},
              {"learning_rate": [2.5, 100.0], "w": [1.0, 1.0], "loss": 1.0}]  # two rates
    # rates too small to move w at all, or by a last bit: w is right, the rate too small
    for lr in (1e-20, 1e-15):
        tiny = training.learning_loop(x, y, lr)
        cases.append({"learning_rate": lr, "w": tiny.w.tolist(), "loss": tiny.losses[-2]})
    return cases


def test_part2_page_and_cli_agree(browser, site_server, part2_data, tmp_path):
    names = ["learning_rate", "w", "loss"]
    with open_page(browser, site_server + "exercises/part2/") as (page, errors):
        ready(page, "check-part2")
        cases = part2_cases(part2_data)
        for n, answers in enumerate(cases):
            shown = {k: ", ".join(repr(float(v)) for v in np.ravel(answers[k])) for k in names}
            page_items = fill_and_check(page, "check-part2", shown, names)
            # the JSON the page offers for the terminal is what was typed, number for number
            offered = json.loads(page.inner_text("#check-part2 .lab3-check__json"))
            assert offered == answers, (offered, answers)
            file = tmp_path / f"answers{n}.json"
            file.write_text(json.dumps(answers), encoding="utf-8")
            assert page_items == cli_items([str(file)]), answers
            statuses = [(i["name"], i["status"]) for i in page_items]
            if n == 2:  # the right loop at 2.5, its last step's loss
                assert cases[n]["learning_rate"] == 2.5
                assert statuses == [("loss", "correct"), ("w", "correct"),
                                    ("learning_rate", "correct")], page_items
            if n == 3:  # the same with a wrong loss
                assert statuses == [("loss", "wrong"), ("w", "correct"),
                                    ("learning_rate", "correct")], page_items
        # without the loss (optional on the page), w and the rate get the CLI's verdicts
        right = {k: v for k, v in cases[2].items() if k != "loss"}
        file.write_text(json.dumps(right), encoding="utf-8")
        expected = cli_items([str(file)])
        shown = {"learning_rate": repr(right["learning_rate"]),
                 "w": ", ".join(map(repr, right["w"]))}
        items = fill_and_check(page, "check-part2", shown, names)
        assert items == expected and items[0]["status"] == "unchecked", items
        assert not errors


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_alone_checks_answers_in_both_schemes(browser, site_server, width, scheme,
                                                        axe_script):
    with open_page(browser, site_server + "exercises/part1/", width, scheme) as (page, errors):
        ready(page, "check-part1")
        expected = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected
        ids = page.eval_on_selector_all(
            ".lab3-check input, .lab3-check select",
            "els => els.map((e) => [e.id, document.querySelector(`label[for='${e.id}']`)"
            "?.textContent.trim()])")
        assert len(ids) == 5 + 2 + 5 and all(label for _, label in ids), ids
        for _ in range(300):  # Tab through the page until the first box has the focus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "check-part1-y":
                break
        else:
            pytest.fail("Tab never reached the first answer box")
        for value in ("0", "2, 1", "4", "[-8, -4]"):
            page.keyboard.type(value)
            page.keyboard.press("Tab")
        page.keyboard.type("1")
        page.keyboard.press("Enter")
        status = page.locator("#check-part1 [role=status]")
        status.locator("ul").wait_for()
        assert status.is_visible() and "4 of 5 correct." in status.inner_text()
        assert page.get_attribute("#check-part1-w_new", "aria-invalid") == "true"
        wide = page.evaluate("""() => [...document.querySelectorAll('.lab3-check')]
            .some((b) => b.scrollWidth > b.clientWidth + 1)""")
        assert not wide, "a box is wider than the page"
        page.evaluate(axe_script)
        result = page.evaluate("o => axe.run({include: ['.lab3-check']}, o)",
                               {"resultTypes": ["violations"]})
        assert result["violations"] == [], [v["id"] for v in result["violations"]]
        assert not errors


def test_the_boxes_work_after_instant_navigation(browser, built_site, site_server):
    """Material swaps each exercise page in (the sitemap a deployed build has, served), and
    the boxes start on it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    serve_sitemap(context, built_site, site_server)
    page = context.new_page()
    errors = console_errors(page)
    try:
        page.goto(site_server + "exercises/", wait_until="networkidle")
        page.evaluate("window.stillHere = true")
        for part, box, answers in [
            ("part2", "check-part2", {"learning_rate": "2.5", "w": "1, 1"}),
            ("part1", "check-part1", {"y": "0"}),
            ("part2", "check-part2", {"learning_rate": "-1", "w": "1, 1"}),
        ]:
            page.evaluate("(u) => [...document.querySelectorAll('nav.md-nav--primary a')]"
                          ".find((a) => a.href === u).click()", f"{site_server}exercises/{part}/")
            page.wait_for_url(f"**/exercises/{part}/")
            ready(page, box)
            assert page.evaluate("window.stillHere"), "a full reload, not instant navigation"
            items = fill_and_check(page, box, answers, list(answers))
            assert items and all(i["hint"] or i["status"] == "correct" for i in items)
        assert not errors
    finally:
        context.close()


def test_without_javascript_the_terminal_check_remains(browser, site_server):
    for part in ("part1", "part2"):
        with open_page(browser, site_server + f"exercises/{part}/", javascript=False) as (page, _):
            boxes = page.locator(".lab3-check__live")
            assert boxes.count() == (2 if part == "part1" else 1)
            assert not any(boxes.nth(i).is_visible() for i in range(boxes.count()))
            assert "needs JavaScript" in page.inner_text(".lab3-check")
            assert "python -m lab3 check" in page.inner_text("article")
