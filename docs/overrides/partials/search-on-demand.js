// Fetch the search index when a reader first reaches for search, not on every
// page load. Material's bundle requests search/search_index.json (about a fifth
// of a page's cold load) as soon as it starts. This script, inlined in every
// page before the bundle (docs/overrides/main.html), holds that one request
// back until the search field gets focus (a click, a tap on the search icon,
// the "/", "s" and "f" shortcuts) or the pointer moves over it. Material shows
// "Initializing search" meanwhile and runs the query typed so far once the
// index is in.
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const { open, send } = XMLHttpRequest.prototype;
  const held = [];
  let wanted = false;

  const release = () => {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach((go) => go());
  };

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.searchIndex = INDEX.test(new URL(url, location.href).pathname);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!this.searchIndex || wanted) return send.apply(this, args);
    held.push(() => send.apply(this, args));
  };

  const inSearch = (event) =>
    event.target instanceof Element &&
    event.target.closest(".md-search, label[for='__search']") !== null;
  for (const type of ["focusin", "pointerover", "touchstart"]) {
    document.addEventListener(type, (event) => inSearch(event) && release(), { passive: true });
  }
  document.addEventListener("change", (event) => event.target.id === "__search" && release());
})();
