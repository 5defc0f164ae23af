// A tutorial's figures open full size on a tap: each becomes a link to its
// own image file, which the browser shows at its full size, to zoom and pan
// (a figure of several panels is hard to read shrunk to a phone's width).
// Linked on the gallery's pages only (overrides/main.html), in the content,
// so it runs again after each instant navigation; safe to run twice.
(() => {
  const figures = "img.mkd-glr-single-img, img.mkd-glr-multi-img";
  for (const img of document.querySelectorAll(figures)) {
    if (img.closest("a")) continue;
    const link = document.createElement("a");
    link.href = img.src;
    link.className = "lab3-figure-link";
    link.title = "Open the figure full size";
    img.replaceWith(link);
    link.append(img);
  }
})();
