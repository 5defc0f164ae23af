// Material puts each code block's buttons (copy) in a <nav>. Unnamed and
// alike, these are navigation landmarks that a screen reader cannot tell
// apart (axe-core: landmark-unique), and they are no site navigation: each
// loses the landmark role as Material adds it (the buttons keep their names).
(() => {
  const mark = (nav) => {
    if (nav.hasAttribute("role")) return;
    nav.setAttribute("role", "none");
  };
  const scan = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(".md-code__nav")) mark(node);
    else node.querySelectorAll(".md-code__nav").forEach(mark);
  };
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(scan);
  }).observe(document.body, { childList: true, subtree: true });
  scan(document.body);
})();
