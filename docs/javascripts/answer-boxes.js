/* Answer boxes of the exercise pages: the self-check of `python -m lab3 check`, in the page.
 *
 * Every number and every hint comes from the JSON that lab3 writes at build time
 * (lab3/selfcheck/page_data.py, page_data2.py); this script reads the boxes, compares
 * numbers as lab3/selfcheck/part1.py and part2.py do, and shows the verdicts. For Part 2
 * it replays the learning loop itself (the sigmoid, the SSE's gradient, the slips, the
 * learning-rate regimes of lab3/learning_rate.py); the tests check that it agrees with
 * lab3. Safe to run again: Material's instant navigation runs it on every visit. */
(function () {
  "use strict";
  const store = (window.lab3Answers = window.lab3Answers || { data: {} });

  function load(url) {
    if (!store.data[url]) {
      store.data[url] = fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return r.json();
      });
    }
    return store.data[url];
  }

  /* "-8, -4", "[-8, -4]" or "4" as numbers; null when empty, undefined when not numbers. */
  function parse(text) {
    const body = text.trim().replace(/\u2212/g, "-").replace(/^[[\]]+|[[\]]+$/g, "");
    const parts = body.split(/[\s,]+/).filter(Boolean);
    if (!parts.length) return text.trim() ? undefined : null;
    const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    return parts.every((p) => number.test(p)) ? parts.map(Number) : undefined;
  }

  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  const show = (v) => (Number.isFinite(v) ? String(v) : v > 0 ? "inf" : v < 0 ? "-inf" : "nan");

  /* v.toFixed(d) or v.toExponential(d), but an exact tie rounds to even, as in Python
   * (JavaScript rounds it up: 2.5 → "3e+00", Python "2e+00"). */
  function digits(v, d, method) {
    const [m, e] = v[method](d + 25).split("e");
    const kept = m.slice(0, m.length - 25).replace(/\.$/, "");
    const tie = /^50*$/.test(m.slice(m.length - 25)) && Number(kept.slice(-1)) % 2 === 0;
    return tie ? kept + (e === undefined ? "" : `e${e}`) : v[method](d);
  }

  /* Python's number formats: f"{v:.{d}f}", f"{v:.1%}", f"{v:.0e}", f"{v:g}". */
  const fixed = (v, d) => (Number.isFinite(v) ? digits(v, d, "toFixed") : show(v));
  const percent = (v) => (Number.isFinite(v) ? fixed(100 * v, 1) + "%" : show(v) + "%");
  function pyExp(v, d) {
    if (!Number.isFinite(v)) return show(v);
    const [m, e] = digits(v, d, "toExponential").split("e");
    return `${m}e${e[0]}${e.slice(1).padStart(2, "0")}`;
  }
  function general(v) {
    if (!Number.isFinite(v) || v === 0) return show(v);
    const e = Number(pyExp(v, 5).split("e")[1]);
    const strip = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
    if (e < -4 || e >= 6) {
      const [m, x] = pyExp(v, 5).split("e");
      return `${strip(m)}e${x}`;
    }
    return strip(fixed(v, 5 - e));
  }

  /* Each number within atol + rtol·|expected| (lab3.selfcheck.report.close); atol is one
   * number or one per value. */
  function close(answer, expected, atol, rtol) {
    if (!answer || answer.length !== expected.length) return false;
    const tol = (i) => (Array.isArray(atol) ? atol[i] : atol);
    return expected.every((e, i) => Math.abs(answer[i] - e) <= tol(i) + rtol * Math.abs(e));
  }

  /* A typed answer is right when it rounds to the value at three significant digits (or
   * ``digits``), or lies within the value's float tolerance (lab3.selfcheck.report.rounds_to). */
  function near(answer, value, atol, digits = 3) {
    if (!answer || answer.length !== value.length || !value.every(Number.isFinite)) return false;
    return value.every((v, i) => {
      const m = Math.abs(v);
      const digit = m > 0 ? 10 ** (Math.floor(Math.log10(m)) - digits + 1) : 0;
      return Math.abs(answer[i] - v) <= Math.max(atol[i], 0.5 * digit * 1.001);
    });
  }

  function judgePart1(data, problem, given) {
    const t = data.texts, items = [], status = {}, named = {};
    const num = (n) => (Array.isArray(given[n]) ? given[n] : null);
    const ok = (n, v) => near(num(n), v, problem.atol[n]);
    const slip = (n, a) => {
      /* a slip of the gradient keeps the lab's loss: none when the loss is wrong (lab3's _slip) */
      if (n === "dL_dw" && status.loss === "wrong") return null;
      const hints = [...new Set(problem.slips[n].filter(([, v]) => near(a, v, problem.atol[n]))
        .map(([h]) => data.hints[h]))];
      if (!hints.length) return null;
      named[n] = hints.length === 1 ? hints[0] : t.either + hints.join(t.or);
      return named[n];
    };
    /* the ½ of the textbook's loss, carried through (as lab3.selfcheck.part1._half) */
    const a0 = problem.answers;
    const h = { loss: [a0.loss[0] / 2], dL_dw: a0.dL_dw.map((g) => g / 2),
      w_new: problem.w.map((w, i) => w - problem.lr * a0.dL_dw[i] / 2) };
    const half = ok("loss", h.loss) && (ok("dL_dw", h.dL_dw) || ok("w_new", h.w_new));
    const carried = (n, a) => {
      const y = num("y") && num("y").length === 1 ? num("y")[0] : null;
      const dy = num("dy_dw"), g = num("dL_dw"), own = [];
      if (n === "loss" && y !== null && status.y === "wrong") {
        own.push([t.from_y, [(y - problem.y_label) ** 2]]);
      }
      if (n === "dL_dw" && y !== null && dy && dy.length === problem.x.length
          && (status.y === "wrong" || status.dy_dw === "wrong")) {
        own.push([t.from_y_dy, dy.map((d) => 2 * (y - problem.y_label) * d)]);
      }
      if (n === "w_new" && g && g.length === problem.w.length && status.dL_dw === "wrong") {
        const state = t.grad_state.includes(named.dL_dw);
        own.push([state ? named.dL_dw : t.from_g, problem.w.map((w, i) => w - problem.lr * g[i])]);
        own.push([t.from_g_plus, problem.w.map((w, i) => w + problem.lr * g[i])]);
      }
      const found = own.find(([, v]) => near(a, v, problem.atol[n]));
      return found ? found[0] : null;
    };
    /* a slip that changes the answer's size (x left out), as lab3's _resized_slip */
    const resized = (n, a) => {
      const tol = Math.max(...problem.atol[n]);
      const hints = [...new Set(problem.slips[n].filter(([, v]) => v.length === a.length
        && near(a, v, v.map(() => tol))).map(([h]) => data.hints[h]))];
      return !hints.length ? null : hints.length === 1 ? hints[0] : t.either + hints.join(t.or);
    };
    /* two or more vectors, all of one other length: the answers may be another problem's,
       which only a replay says (lab3's _variant): the lab's own values, or a variant on this
       page, whose every answer they are */
    const lengths = ["dy_dw", "dL_dw", "w_new"].filter(num).map((n) => num(n).length);
    const dim = lengths.length >= 2 && new Set(lengths).size === 1
      && lengths[0] !== problem.x.length ? lengths[0] : null;
    const answered = data.names.filter((n) => Array.isArray(given[n]));
    const theirs = dim === null ? undefined : Object.keys(data.problems).find((k) => {
      const q = data.problems[k];
      return q !== problem && q.x.length === dim && answered.every((n) =>
        given[n].length === q.answers[n].length && near(given[n], q.answers[n], q.atol[n]));
    });
    const looks = theirs === undefined ? null : theirs === "lab" ? t.lab_values
      : fill(t.variant, { seed: theirs.split("-")[0], dim });
    for (const n of data.names) {
      const a = given[n], expected = problem.answers[n];
      let item;
      if (a === null) item = ["missing", t.missing];
      else if (a === undefined) item = ["wrong", t.unreadable];
      else if (near(a, expected, problem.atol[n])) item = ["correct", ""];
      else if (looks) {
        item = ["wrong", a.length === expected.length ? looks : `${fill(
          expected.length === 1 ? t.size_one : t.size, { n: expected.length, got: a.length })}; ${looks}`];
      } else if (a.length !== expected.length && resized(n, a)) {
        item = ["wrong", resized(n, a)];
      } else if (a.length !== expected.length) {
        const size = fill(expected.length === 1 ? t.size_one : t.size,
          { n: expected.length, got: a.length });
        /* for a variant, unless another answer has another length (lab3's _size_hint) */
        const others = ["dy_dw", "dL_dw", "w_new"].filter((m) => m !== n && num(m))
          .map((m) => num(m).length);
        const alone = expected.length > 1 && a.length >= 2 && a.length <= t.max_dim
          && others.every((k) => k === a.length) ? fill(t.size_alone, { got: a.length }) : "";
        item = ["wrong", size + alone];
      } else {
        let hint = null;  /* typed zeros: only the slips say why (lab3's _zero) */
        if (half && n in h && near(a, h[n], problem.atol[n])) {
          hint = n === "loss" ? t.half_loss : t.half_follows;
        }
        hint = hint || carried(n, a) || slip(n, a);
        if (!hint && close(a, expected, problem.atol[n], 0.02)) hint = t.close;
        item = ["wrong", hint || t.other];
      }
      if (a !== null) status[n] = item[0];
      items.push({ name: n, status: item[0], hint: item[1] });
    }
    return items;
  }

  /* Part 2: the sigmoid model f = 1/(1 + exp(-(w0·x + w1))), as lab3.sigmoid writes it. */
  const sigmoid = (z) => Math.exp(-(Math.max(0, -z) + Math.log1p(Math.exp(-Math.abs(z)))));

  /* Per-sample loss terms and their gradients in w: the right one, then the slips of
   * lab3.selfcheck.part2.LOSS_SLIPS, in its order. */
  const squared = (y, f, dz) => [(y - f) ** 2, dz.map((d) => -2 * (y - f) * f * (1 - f) * d)];
  const TERMS = [
    (w, x, y) => squared(y, sigmoid(w[0] * x + w[1]), [x, 1]),
    (w, x, y) => { const f = sigmoid(w[0] * x + w[1]); return [y - f, [x, 1].map((d) => -f * (1 - f) * d)]; },
    (w, x, y) => {
      const f = sigmoid(w[0] * x + w[1]), s = Math.sign(y - f);
      return [Math.abs(y - f), [x, 1].map((d) => -s * f * (1 - f) * d)];
    },
    (w, x, y) => {
      const e = Math.exp(w[0] * x - w[1]), g = 1 / (1 - e), dg = e / ((1 - e) * (1 - e));
      return [(y - g) ** 2, [x, -1].map((d) => -2 * (y - g) * dg * d)];
    },
    (w, x, y) => squared(y, sigmoid(w[0] * x - w[1]), [x, -1]),
    (w, x, y) => squared(y, sigmoid(w[1] * x + w[0]), [1, x]),
  ];

  /* The loss, totalled by "sum" or "mean", and its gradient at w. */
  function lossAt(d, term, total, w) {
    let loss = 0;
    const grad = [0, 0];
    d.x.forEach((x, i) => {
      const [t, g] = term(w, x, d.y[i]);
      loss += t;
      grad[0] += g[0];
      grad[1] += g[1];
    });
    const n = total === "mean" ? d.x.length : 1;
    return [loss / n, grad.map((g) => g / n)];
  }

  /* lab3.training.learning_loop: n steps from the start; null when it stops being finite. */
  function loop(d, lr, term, total, options) {
    let w = d.w_init.slice(), acc = [0, 0];
    const losses = [], clear = options.zero_grad !== false, sign = options.ascend ? 1 : -1;
    for (let step = 0; step <= d.n_iter; step += 1) {
      const [loss, g] = lossAt(d, term, total, w);
      acc = clear ? g : [acc[0] + g[0], acc[1] + g[1]];
      losses.push(loss);
      if (!Number.isFinite(loss) || !acc.every(Number.isFinite)) return null;
      if (step === d.n_iter) break;
      w = [w[0] + sign * lr * acc[0], w[1] + sign * lr * acc[1]];
      if (!w.every(Number.isFinite)) return null;
    }
    return { w, losses, lr };
  }

  /* The correct loops (SSE, NLL, MSE), then each slip that stays finite, as
   * lab3.selfcheck.part2 replays them: [kind, hint, history]. */
  function runs(d, lr) {
    const sse = loop(d, lr, TERMS[0], "sum", {}), mse = loop(d, lr, TERMS[0], "mean", {});
    const nll = sse && { ...sse, losses: sse.losses.map((l) => l + d.nll_constant) };
    const out = [["sse", null, sse && { ...sse, loss: "sse" }], ["nll", null, nll && { ...nll, loss: "nll" }],
      ["mse", null, mse && { ...mse, loss: "mse" }]];
    for (const total of Object.keys(d.totals)) {
      d.loss_slips.forEach((hint, i) => out.push(["loss", hint, loop(d, lr, TERMS[i + 1], total, {})]));
      d.update_slips.forEach(([hint, opts]) => {
        out.push(["update", hint, loop(d, lr, TERMS[0], total, opts)]);
      });
    }
    return out.filter((r) => r[2] !== null);
  }

  /* lab3.learning_rate.descend for one rate, and the regime its run falls in. */
  function regime(d, lr) {
    const j = d.judge, best = d.fit.sse, weights = [], losses = [];
    /* the loss went up, beyond float64 rounding (lab3.training._rose, with RISE_RTOL) */
    const rose = (before, after) => after - before > j.rise_rtol * Math.abs(before);
    let w = d.w_init.slice(), last = [w, w, w], lastSse = [null, null], steps = -1, roseLate = false, g;
    for (let k = 0; k <= j.n_settle; k += 1) {
      let sse = 0;
      g = [0, 0];
      d.x.forEach((x, i) => {
        const f = sigmoid(w[0] * x + w[1]), r = d.y[i] - f, dz = -2 * r * f * (1 - f);
        sse += r * r;
        g[0] += dz * x;
        g[1] += dz;
      });
      if (k <= d.n_iter) { weights.push(w); losses.push(sse); }
      else roseLate = roseLate || rose(lastSse[1], sse);
      if (steps < 0 && sse - best <= j.tol) steps = k;
      last = [last[1], last[2], w];
      lastSse = [lastSse[1], sse];
      if (k < j.n_settle) w = [w[0] - lr * g[0], w[1] - lr * g[1]];
    }
    const maxAbs = (v) => Math.max(...v.map(Math.abs));
    const diff = (a, b) => [a[0] - b[0], a[1] - b[1]];
    const finite = last.every((v) => v.every(Number.isFinite)) && losses.every(Number.isFinite);
    const converged = lastSse[1] - best <= j.tol;
    const size = 1 + maxAbs(last[2]);
    const period2 = maxAbs(diff(last[2], last[0])) <= 1e-9 * size;
    const moving = maxAbs(diff(last[2], last[1])) > 1e-6 * size;
    const reach = Math.hypot(...diff(weights[0], d.fit.w));
    const short = Math.max(...weights.slice(1).map((v, k) => Math.hypot(...diff(v, weights[k])))) < reach;
    const gap = (losses[losses.length - 1] - best) / (losses[0] - best);
    const rises = losses.slice(1).filter((l, k) => rose(losses[k], l)).length;
    const headingDown = converged || (!roseLate && short);
    const name = !finite ? "diverges" : converged && gap <= j.gap ? "reasonable"
      : headingDown && gap > j.gap && rises === 0 ? "crawls" : converged ? "overshoots"
        : period2 && moving ? "cycles" : "erratic";
    return { regime: name, gap, rises, end_w: last[2], end_sse: lastSse, end_grad: maxAbs(g), best };
  }

  /* lab3.learning_rate.Outcome.advice, its numbers formatted as Python does. */
  function advice(d, o) {
    const a = d.advice;
    const key = o.regime === "reasonable" ? (o.rises ? "reasonable_rises" : "reasonable")
      : o.regime === "erratic" && !(o.end_grad < d.judge.plateau) ? "erratic_moving"
      : o.regime === "crawls" && 1 - o.gap < d.judge.still ? "crawls_still" : o.regime;
    const sse = o.end_sse.slice().sort((p, q) => p - q);
    return fill(a[key], {
      n: d.n_iter, gap: percent(o.gap), rises: o.rises, a: fixed(sse[0], 6), b: fixed(sse[1], 6),
      best6: fixed(o.best, 6), best4: fixed(o.best, 4), w0: fixed(o.end_w[0], 2),
      w1: fixed(o.end_w[1], 2), sse: fixed(o.end_sse[1], 4), grad: pyExp(o.end_grad, 0),
    });
  }

  function judgePart2(d, given) {
    const t = d.texts, later = (name) => ({ name, status: "unchecked", hint: t.later });
    /* typed with at most two significant digits, and the value rounded to them
     * (lab3.selfcheck.part2._two_digits) */
    const twoDigits = (a, v) => a.every((x) => Number(x.toPrecision(2)) === x)
      && near(a, v, v.map(() => d.atol), 2);
    const blank = ["learning_rate", "w"].filter((n) => !Array.isArray(given[n]));
    if (blank.length) {
      return blank.map((n) => ({ name: n, status: given[n] === null ? "missing" : "wrong",
        hint: given[n] === null ? t.missing : t.unreadable }));
    }
    const lr = given.learning_rate[0], w = given.w;
    const loss = Array.isArray(given.loss) ? given.loss : null;
    if (given.learning_rate.length > 1) {
      return [{ name: "learning_rate", status: "wrong",
        hint: fill(t.one_rate, { got: given.learning_rate.length }) }];
    }
    if (!(Number.isFinite(lr) && lr > 0)) {
      return [{ name: "learning_rate", status: "wrong", hint: t.positive }];
    }
    const replays = runs(d, lr);  /* the right loops and each slip's, with this rate */
    /* typed: within a float32 loop's drift, or rounded to three significant digits */
    const at = (a, e) => close(a, e, d.atol, d.rtol) || near(a, e, e.map(() => d.atol));
    /* w at the start (lab3's _at_start): it never moved, unless the loss is not the loss
       there; then the last step's loss of a right loop, or no known cause */
    const atStart = () => {
      if (loss === null) return t.unchanged;
      const first = lossAt(d, TERMS[0], "sum", d.w_init)[0];  /* the SSE there */
      if ([first, first + d.nll_constant, first / d.x.length].some((v) => at(loss, [v]))) {
        return t.unchanged;
      }
      const remade = replays.some(([, slip, h]) => slip === null
        && at(loss, [h.losses[h.losses.length - 2]]));
      return remade ? t.remade : t.start_other;
    };
    /* exactly the start: no step moved it, though a right loop with this rate would have
       (one too small to move w in float32 leaves it there too: then w is right, and the
       rate judged; lab3's _unmoved) */
    const unmoved = (v) => v.every((x, k) => Math.fround(x) === Math.fround(d.w_init[k]));
    if (close(w, d.w_init, 0, 0)
        && !replays.some(([, slip, h]) => slip === null && unmoved(h.w))) {
      return [later("loss"), { name: "w", status: "wrong", hint: atStart() }, later("learning_rate")];
    }
    const all = replays.filter(([, , h]) => at(w, h.w));
    const lossOf = (h) => at(loss, [h.losses[h.losses.length - 2]]);
    const noLoss = given.loss === undefined ? { name: "loss", status: "wrong", hint: t.unreadable }
      : { name: "loss", status: "unchecked", hint: t.optional };
    const right = all.filter(([, hint]) => hint === null).map(([, , h]) => h);
    if (right.length) {
      const history = right.find(lossOf);
      const o = regime(d, lr * d.scale[(history || right[0]).loss]);
      const last = [right[0].losses[right[0].losses.length - 2]];
      return [loss === null ? noLoss : history ? { name: "loss", status: "correct", hint: "" }
        : { name: "loss", status: "wrong", hint: twoDigits(loss, last) ? t.loss_close : t.loss_wrong },
      { name: "w", status: "correct", hint: "" },
      { name: "learning_rate", status: o.regime === "reasonable" ? "correct" : "wrong", hint: advice(d, o) }];
    }
    if (all.length) {
      const [kind, hint, h] = all[0];
      if (kind === "loss") {
        return [{ name: "loss", status: "wrong", hint }, { name: "w", status: "wrong", hint: t.follows_loss },
          later("learning_rate")];
      }
      return [lossOf(h) ? { name: "loss", status: "correct", hint: "" } : later("loss"),
        { name: "w", status: "wrong", hint }, later("learning_rate")];
    }
    const nearly = replays.some(([, slip, h]) => slip === null && twoDigits(w, h.w));
    const hint = at(w, d.w_init) ? atStart() : nearly ? t.close
      : fill(t.not_there, { n: d.n_iter, lr: general(lr) });
    return [later("loss"), { name: "w", status: "wrong", hint }, later("learning_rate")];
  }

  /* The page: read the boxes, show the verdicts and the same check for a terminal. */
  const WORDS = { correct: "correct", wrong: "wrong", missing: "missing", unchecked: "not judged yet" };

  function render(box, title, items, advice) {
    const result = box.querySelector(".lab3-check__result");
    const label = (name) => {
      const field = box.querySelector(`[name="${name}"]`);
      const tag = field && box.querySelector(`label[for="${field.id}"]`);
      return tag ? tag.textContent.trim() : name;
    };
    box.querySelectorAll("input[name]").forEach((field) => {
      const item = items.find((i) => i.name === field.name);
      if (item && item.status === "wrong") field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    });
    const list = document.createElement("ul");
    for (const item of items) {
      const li = list.appendChild(document.createElement("li"));
      li.className = `lab3-check__item lab3-check__item--${item.status}`;
      li.dataset.name = item.name;
      li.dataset.status = item.status;
      const head = li.appendChild(document.createElement("strong"));
      head.textContent = `${label(item.name)}: ${WORDS[item.status]}`;
      if (item.hint) {
        li.append(" \u2014 ");
        li.appendChild(document.createElement("span")).className = "lab3-check__hint";
        li.lastChild.textContent = item.hint;
      }
    }
    const done = items.filter((i) => i.status === "correct").length;
    const wrong = items.some((i) => i.status === "wrong");
    const more = done === items.length ? "" : wrong ? advice.wrong : advice.missing;
    const head = document.createElement("p");
    head.textContent = title;
    const tail = document.createElement("p");
    tail.textContent = `${done} of ${items.length} correct.${more}`;
    result.replaceChildren(head, list, tail);
  }

  function readForm(form, names) {
    const given = {};
    for (const n of names) given[n] = parse(form.elements[n].value);
    return given;
  }

  function part1(box, data) {
    const answers = box.querySelector(".lab3-check__answers");
    const chooser = box.querySelector(".lab3-check__variant");
    const command = box.querySelector(".lab3-check__command");
    let key = "lab", flags = "";
    if (chooser) {
      const seed = chooser.elements.seed, dim = chooser.elements.dim;
      seed.min = data.seeds[0];
      seed.max = data.seeds[1];
      const dims = Array.from({ length: data.dims[1] - data.dims[0] + 1 }, (_, i) => i + data.dims[0]);
      dim.replaceChildren(...dims.map((n) => new Option(n)));
      dim.value = box.dataset.dim;
      const pick = (event) => {
        if (event) event.preventDefault();
        const s = Number(seed.value), d = Number(dim.value);
        const out = box.querySelector(".lab3-check__problem");
        const cli = box.querySelector(".lab3-check__variant-command");
        if (!Number.isInteger(s) || !data.problems[`${s}-${d}`]) {
          out.textContent = `This page has the seeds ${data.seeds[0]} to ${data.seeds[1]}; `
            + "a terminal has every seed.";
          answers.hidden = true;
          return;
        }
        key = `${s}-${d}`;
        flags = `--seed ${s} --dim ${d}`;
        out.textContent = `Part 1, variant ${flags}\n${data.problems[key].text}`;
        cli.textContent = `python -m lab3 variant ${flags}`;
        answers.hidden = false;
        answers.reset();
        box.querySelector(".lab3-check__result").replaceChildren();
        command.textContent = `python -m lab3 check ${flags} FILE`;
      };
      chooser.addEventListener("submit", pick);
      chooser.addEventListener("change", () => pick());
      chooser.hidden = false;
      pick();
    }
    answers.addEventListener("submit", (event) => {
      event.preventDefault();
      const given = readForm(answers, data.names);
      const items = judgePart1(data, data.problems[key], given);
      const typed = data.names.filter((n) => Array.isArray(given[n]))
        .map((n) => `${data.options[n]} ${given[n].join(",")}`);
      command.textContent = ["python -m lab3 check", flags, ...typed].filter(Boolean).join(" ");
      render(box, key === "lab" ? data.titles.lab : fill(data.titles.variant, { flags }), items, data.advice);
    });
    answers.hidden = false;
  }

  function part2(box, data) {
    const answers = box.querySelector(".lab3-check__answers");
    const names = ["learning_rate", "w", "loss"];
    answers.addEventListener("submit", (event) => {
      event.preventDefault();
      const given = readForm(answers, names);
      const json = {};
      names.filter((n) => Array.isArray(given[n]))
        .forEach((n) => { json[n] = n === "w" || given[n].length > 1 ? given[n] : given[n][0]; });
      box.querySelector(".lab3-check__json").textContent = JSON.stringify(json);
      render(box, data.title, judgePart2(data, given), data.report);
    });
    answers.hidden = false;
  }

  function start(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "true";
    box.querySelector(".lab3-check__live").hidden = false;
    load(box.dataset.src).then((data) => (box.dataset.kind === "part2" ? part2 : part1)(box, data))
      .catch((err) => {
        box.querySelector(".lab3-check__result").textContent = "The answer boxes could not load their "
          + `data (${err.message}); python -m lab3 check works in a terminal.`;
      });
  }

  document.querySelectorAll(".lab3-check").forEach(start);
  /* for the tests: the same judges the boxes use */
  store.judge = {
    parse, near, close, general, pyExp, fixed, judgePart1, judgePart2, runs, regime, advice, loop,
  };
})();
