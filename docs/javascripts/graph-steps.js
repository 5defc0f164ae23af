/* Step through a computational graph, one node at a time.
 *
 * Each figure made by lab3.graph.figures carries its steps (lab3.graph.steps) as
 * JSON in its data-steps attribute, not in a <script>, which instant navigation
 * would run as code: the forward pass computes the nodes in order, the backward
 * pass runs them in the order PyTorch's engine did. Forward and Backward buttons
 * (and the arrow keys on them) light up a step's node and edges and show its
 * sentence, which a polite live region reads out. Without JavaScript the figure
 * stays as it is. Safe to run again after instant navigation: a figure gets its
 * controls once.
 */
(function () {
  "use strict";

  function setUp(figure) {
    var svg = figure.querySelector("svg");
    if (!svg || !figure.hasAttribute("data-steps") || figure.querySelector(".lab3-steps")) return;
    var steps = JSON.parse(figure.getAttribute("data-steps"));
    var passes = ["backward", "forward"].filter(function (pass) {
      return steps[pass] && steps[pass].length;
    });
    if (!passes.length) return;
    var at = { pass: null, i: -1 };
    var bar = document.createElement("div");
    var text = document.createElement("p");
    bar.className = "lab3-steps";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Step through the graph");
    text.className = "lab3-steps__text";
    text.setAttribute("aria-live", "polite");
    text.textContent = passes.length > 1
      ? "Forward (→) computes one node at a time; Backward (←) passes the gradient back, " +
        "node by node, in the order PyTorch runs them."
      : "Forward (→) computes the graph one node at a time.";

    function light(step) {
      var on = figure.querySelectorAll(".lab3-on");
      for (var k = 0; k < on.length; k++) on[k].classList.remove("lab3-on");
      step.nodes.forEach(function (n) {
        mark(n[0], "[data-node]", function (el) { return el.getAttribute("data-node") === n[1]; });
      });
      step.edges.forEach(function (e) {
        mark(e[0], "[data-src]", function (el) {
          return el.getAttribute("data-src") === e[1] && el.getAttribute("data-dst") === e[2];
        });
      });
    }

    function mark(graph, selector, match) {  /* in each drawing: wide and narrow */
      var groups = figure.querySelectorAll('[data-graph="' + graph + '"]');
      for (var g = 0; g < groups.length; g++) {
        var els = groups[g].querySelectorAll(selector);
        for (var k = 0; k < els.length; k++) if (match(els[k])) els[k].classList.add("lab3-on");
      }
    }

    function go(pass) {
      var list = steps[pass];
      at.i = at.pass === pass ? (at.i + 1) % list.length : 0;
      at.pass = pass;
      figure.classList.add("lab3-stepping");
      light(list[at.i]);
      text.textContent = list[at.i].text;
      bar.setAttribute("data-pass", pass);
      bar.setAttribute("data-step", String(at.i));
    }

    passes.forEach(function (pass) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.setAttribute("data-pass", pass);
      button.textContent = pass === "forward" ? "Forward" : "Backward";
      button.addEventListener("click", function () { go(pass); });
      bar.appendChild(button);
    });
    bar.addEventListener("keydown", function (event) {
      var pass = { ArrowRight: "forward", ArrowLeft: "backward" }[event.key];
      if (pass && passes.indexOf(pass) >= 0) {
        event.preventDefault();
        go(pass);
      }
    });
    bar.appendChild(text);
    figure.insertBefore(bar, figure.querySelector("figcaption"));  /* under both drawings */
  }

  var figures = document.querySelectorAll("figure.lab3-graph");
  for (var k = 0; k < figures.length; k++) setUp(figures[k]);
})();
