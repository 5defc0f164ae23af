// The site's search worker, which Material's configuration names in place of
// its own (docs/overrides/main.html): the theme's way to plug in a search
// implementation, talking to the page in Material's search messages.
//
// Material's page script fetches search/search_index.json on every page load
// and hands it over in a setup message. That file holds only the index's
// settings (docs/_hooks/search_index.py); the documents are in
// search_index.full.json. This worker answers at once that search is ready,
// and starts Material's own worker, with the full index, when the first query
// comes: a page load costs neither the index nor Lunr, and the query typed
// meanwhile is answered once the index is in. Both paths come in this
// script's URL, from the site's root (this file is javascripts/*.js).
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's search messages
const params = new URL(self.location.href).searchParams;
const root = new URL("../", self.location.href);

let settings = null; // the page's setup message, less its documents
let search = null; // Material's worker, once a query asked for it
let ready = false;
let pending = null; // the last query while the index loads

const start = async () => {
  search = new Worker(new URL(params.get("worker"), root));
  search.addEventListener("message", ({ data }) => {
    if (data.type !== READY) {
      postMessage(data);
    } else {
      ready = true;
      search.postMessage(pending);
    }
  });
  const response = await fetch(new URL(params.get("index"), root));
  if (!response.ok) throw new Error(`search index: ${response.status} ${response.url}`);
  const { config, docs } = await response.json();
  search.postMessage({ type: SETUP, data: { ...settings, config, docs } });
};

addEventListener("message", ({ data: message }) => {
  if (message.type === SETUP) {
    settings = message.data;
    postMessage({ type: READY });
  } else if (ready) {
    search.postMessage(message);
  } else if (message.type === QUERY && (message.data || search)) {
    pending = message;
    if (!search) start();
  } else if (message.type === QUERY) {
    postMessage({ type: RESULT, data: { items: [] } }); // nothing typed yet
  }
});
