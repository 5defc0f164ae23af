/* The learning-rate explorer (docs/part2/learning-rate.md): a slider over the
   rates of lab3's sweep runs the Part 2 loop (sigmoid model, SSE, the page's
   steps from the lab's start) in the browser and draws it on the landscape,
   with the loss beside it. Everything but the run comes from the page's data,
   written by lab3.explore.explorer at build time (in its data-explorer
   attribute: Material's instant navigation turns a script element of JSON
   into one of code); the run is the step of
   lab3.learning_rate.descend, and tests/test_lr_explorer.py checks that both
   agree. Safe to run again: Material's instant navigation does, on each visit. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var SIZE = { w: 360, h: 250, left: 46, top: 10, plotW: 304, plotH: 196 };
  var SUPER = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

  // log(1 + e^t) as NumPy's logaddexp(0, t) computes it, so the sigmoid is lab3's
  function softplus(t) {
    if (t === 0) return Math.LN2;
    return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }

  // SSE(w) and its gradient: lab3.likelihood's sse_and_grad for one w
  function sseAndGrad(w0, w1, x, y) {
    var sse = 0, g0 = 0, g1 = 0;
    for (var i = 0; i < x.length; i++) {
      var f = Math.exp(-softplus(-(w0 * x[i] + w1)));
      var r = y[i] - f, d = -2.0 * r * f * (1.0 - f);
      sse += r * r; g0 += d * x[i]; g1 += d;
    }
    return [sse, g0, g1];
  }

  // The rate's run: weights and SSE after 0, 1, ..., n_iter steps
  function run(data, alpha) {
    var w0 = data.w_init[0], w1 = data.w_init[1], weights = [], losses = [];
    for (var k = 0; k <= data.n_iter; k++) {
      var s = sseAndGrad(w0, w1, data.x, data.y);
      weights.push([w0, w1]); losses.push(s[0]);
      if (k < data.n_iter) { w0 -= alpha * s[1]; w1 -= alpha * s[2]; }
    }
    return { weights: weights, losses: losses };
  }

  function rate(data, k) {
    var r = data.rates;
    return Math.pow(10, r.log10_min + k * (r.log10_max - r.log10_min) / (r.count - 1));
  }

  function regime(data, k) {
    for (var j = 0; j < data.bands.length; j++) {
      if (data.bands[j][1] <= k && k <= data.bands[j][2]) return data.bands[j][0];
    }
    return "";
  }

  function node(parent, name, attrs, text) {
    var el = document.createElementNS(SVG, name);
    for (var a in attrs) el.setAttribute(a, attrs[a]);
    if (text !== undefined) el.textContent = text;
    return parent.appendChild(el);
  }

  function html(parent, name, attrs, text) {
    var el = document.createElement(name);
    for (var a in attrs) el.setAttribute(a, attrs[a]);
    if (text !== undefined) el.textContent = text;
    return parent.appendChild(el);
  }

  function fmt(v, digits) { return Number(v.toPrecision(digits)).toString(); }
  function power(e) { return "10" + String(e).split("").map(function (c) { return SUPER[c]; }).join(""); }

  // One panel: an SVG with a plot area, its axes and labels; scale maps data to pixels
  function panel(parent, label, xTicks, yTicks, sx, sy, xName, yName, id) {
    var svg = node(parent, "svg", { viewBox: "0 0 " + SIZE.w + " " + SIZE.h, role: "img",
      "aria-label": label, class: "lr-explorer__plot" });
    node(node(svg, "clipPath", { id: id }), "rect",
      { x: SIZE.left, y: SIZE.top, width: SIZE.plotW, height: SIZE.plotH });
    var bottom = SIZE.top + SIZE.plotH;
    xTicks.forEach(function (t) {
      node(svg, "line", { x1: sx(t[0]), x2: sx(t[0]), y1: bottom, y2: bottom + 4, class: "lr-explorer__tick" });
      node(svg, "text", { x: sx(t[0]), y: bottom + 16, "text-anchor": "middle" }, t[1]);
    });
    yTicks.forEach(function (t) {
      node(svg, "line", { x1: SIZE.left - 4, x2: SIZE.left, y1: sy(t[0]), y2: sy(t[0]), class: "lr-explorer__tick" });
      node(svg, "text", { x: SIZE.left - 6, y: sy(t[0]) + 4, "text-anchor": "end" }, t[1]);
    });
    node(svg, "text", { x: SIZE.left + SIZE.plotW / 2, y: SIZE.h - 4, "text-anchor": "middle" }, xName);
    node(svg, "text", { x: 12, y: SIZE.top + SIZE.plotH / 2, "text-anchor": "middle",
      transform: "rotate(-90 12 " + (SIZE.top + SIZE.plotH / 2) + ")" }, yName);
    var area = node(svg, "g", { "clip-path": "url(#" + id + ")" });
    node(svg, "rect", { x: SIZE.left, y: SIZE.top, width: SIZE.plotW, height: SIZE.plotH, class: "lr-explorer__frame" });
    return area;
  }

  function ticks(lo, hi, step, label) {
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push([v, label(v)]);
    return out;
  }

  function build(root, data, image, n) {
    var e = data.image.extent, lr = data.loss_range, id = "lr-explorer-" + n;
    var form = html(root, "div", { class: "lr-explorer__control" });
    html(form, "label", { for: id + "-rate" }, "Learning rate α");
    var input = html(form, "input", { type: "range", id: id + "-rate", min: 0,
      max: data.rates.count - 1, step: 1, value: data.rates.start });
    var value = html(form, "output", { for: id + "-rate", "aria-hidden": "true" });
    var strip = html(root, "div", { class: "lr-explorer__bands", "aria-hidden": "true" });
    data.bands.forEach(function (b) {
      var span = html(strip, "span", { class: "lr-explorer__band lr-explorer__band--" + b[0],
        title: b[0] }, b[2] - b[1] >= 0.12 * data.rates.count ? b[0] : "");
      span.style.flexGrow = b[2] - b[1] + 1;
    });
    var status = html(root, "p", { class: "lr-explorer__status", role: "status", "aria-live": "polite" });
    var plots = html(root, "div", { class: "lr-explorer__plots" });

    var wx = function (w) { return SIZE.left + (w - e[0]) / (e[1] - e[0]) * SIZE.plotW; };
    var wy = function (w) { return SIZE.top + (e[3] - w) / (e[3] - e[2]) * SIZE.plotH; };
    var land = panel(plots, "The run on the SSE landscape over w0 and w1", ticks(e[0], e[1], 10, String),
      ticks(e[2], e[3], 5, String), wx, wy, "w₀", "w₁", id + "-clip-w");
    var pic = node(land, "image", { x: SIZE.left, y: SIZE.top, width: SIZE.plotW, height: SIZE.plotH,
      preserveAspectRatio: "none" });
    var star = wx(data.best.w[0]) + "," + wy(data.best.w[1]);
    node(land, "path", { d: "M0,-7L2,-2.5L7,-2L3.2,1.3L4.3,6.5L0,4L-4.3,6.5L-3.2,1.3L-7,-2L-2,-2.5Z",
      transform: "translate(" + star + ")", class: "lr-explorer__best" });
    var halo = node(land, "polyline", { class: "lr-explorer__halo" });
    var path = node(land, "polyline", { class: "lr-explorer__path" });
    var dots = node(land, "g", { class: "lr-explorer__dots" });
    node(land, "circle", { cx: wx(data.w_init[0]), cy: wy(data.w_init[1]), r: 4, class: "lr-explorer__start" });

    var lo = Math.log10(lr[0]), hi = Math.log10(lr[1]);
    var sx = function (k) { return SIZE.left + k / data.n_iter * SIZE.plotW; };
    var sy = function (v) {
      var t = (Math.log10(Math.max(v, lr[0])) - lo) / (hi - lo);
      return SIZE.top + (1 - t) * SIZE.plotH;
    };
    var loss = panel(plots, "SSE minus its minimum at each step, on a log scale", ticks(0, data.n_iter, 10, String),
      ticks(lo, hi, 1, power).map(function (t) { return [Math.pow(10, t[0]), t[1]]; }),
      sx, sy, "step", "SSE − SSE(ŵ)", id + "-clip-l");
    var gapLine = node(loss, "line", { x1: SIZE.left, x2: SIZE.left + SIZE.plotW, class: "lr-explorer__gap" });
    var gapText = node(loss, "text", { x: SIZE.left + SIZE.plotW - 4, "text-anchor": "end" },
      Math.round(100 * data.gap) + "% of the starting gap");
    var curve = node(loss, "polyline", { class: "lr-explorer__curve" });

    // The landscape is loaded only once the explorer comes near the screen
    var show = function () { pic.setAttribute("href", image); };
    if ("IntersectionObserver" in window) {
      var seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (x) { return x.isIntersecting; })) { show(); seen.disconnect(); }
      }, { rootMargin: "200px" });
      seen.observe(root);
    } else {
      show();
    }

    function update() {
      var k = Number(input.value), alpha = rate(data, k), r = run(data, alpha);
      var best = data.best.sse, left = (r.losses[data.n_iter] - best) / (r.losses[0] - best);
      var points = r.weights.map(function (w) { return wx(w[0]).toFixed(1) + "," + wy(w[1]).toFixed(1); });
      path.setAttribute("points", points.join(" "));
      halo.setAttribute("points", points.join(" "));
      dots.textContent = "";
      points.forEach(function (p) {
        var xy = p.split(",");
        node(dots, "circle", { cx: xy[0], cy: xy[1], r: 1.8 });
      });
      curve.setAttribute("points", r.losses.map(function (v, i) {
        return sx(i).toFixed(1) + "," + sy(v - best).toFixed(1);
      }).join(" "));
      var g = sy(data.gap * (r.losses[0] - best));
      gapLine.setAttribute("y1", g); gapLine.setAttribute("y2", g); gapText.setAttribute("y", g - 4);
      var name = regime(data, k), a = "α = " + fmt(alpha, 3);
      value.textContent = a;
      input.setAttribute("aria-valuetext", a);
      root.setAttribute("data-regime", name);
      status.textContent = a + ": " + name + ". After " + data.n_iter + " steps the SSE is " +
        fmt(r.losses[data.n_iter], 5) + ", with " + fmt(100 * left, 2) + "% of the starting gap left." +
        (r.weights.every(function (w) { return w[0] >= e[0] && w[0] <= e[1] && w[1] >= e[2] && w[1] <= e[3]; })
          ? "" : " Part of the path lies outside the drawn window.");
      root.lrRun = { alpha: alpha, weights: r.weights, losses: r.losses, regime: name };
    }
    input.addEventListener("input", update);
    update();
  }

  var count = 0;
  document.querySelectorAll(".lr-explorer:not([data-ready])").forEach(function (root) {
    var img = root.querySelector("img");
    if (!img || !root.dataset.explorer) return;
    root.setAttribute("data-ready", "");
    var image = img.src;
    (img.closest("p") || img).remove();
    build(root, JSON.parse(root.dataset.explorer), image, count++);
    root.hidden = false;
  });
})();
