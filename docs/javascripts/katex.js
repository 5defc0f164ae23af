// The pages' math is rendered to HTML while the site builds
// (docs/_hooks/katex_ssr.py), so most pages need no KaTeX JavaScript at all.
// A page that still holds raw TeX (an arithmatex element left unrendered, or
// a notebook's Markdown cells) loads KaTeX here, once, and renders it, again
// after every instant-navigation page change.
(() => {
  const base = new URL("../assets/katex/", document.currentScript.src);
  let loading = null;

  const load = (file) => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(file, base).href;
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  });

  const hasRawMath = () =>
    [...document.querySelectorAll(".arithmatex")].some((el) => !el.querySelector(".katex")) ||
    [...document.querySelectorAll(".jp-RenderedMarkdown")].some((el) => /\$[^$]+\$/.test(el.textContent));

  document$.subscribe(() => {
    if (!hasRawMath()) return;
    loading ??= load("katex.min.js").then(() => load("contrib/auto-render.min.js"));
    loading.then(() => renderMathInElement(document.body, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    }));
  });
})();
