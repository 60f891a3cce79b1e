// The example page: run queries against /sparql, show their results, ask /api/control.
// Everything that comes from the data is put on the page with textContent, never as HTML,
// and only http(s) IRIs become links.
"use strict";

(function () {
  const RESULTS_JSON = "application/sparql-results+json";
  const SHOWN_ROWS = 2000;
  const PAGE_ROWS = 50;
  const SHORT = {
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "https://frontline-kg.org/ontology#": "fl:",
  };

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function isWebLink(value) {
    return /^https?:\/\//i.test(value);
  }

  // The graph's own IRIs resolve on this server (/id/...); places show their names.
  const BASE = document.body.dataset.base || "";
  let labels = {};

  // a place opens its page; the graph's other IRIs their description
  function local(href) {
    if (!BASE || !href.startsWith(BASE)) return null;
    const path = href.slice(BASE.length);
    return /^place\/[^/]+$/.test(path) ? "/" + path : "/id/" + path;
  }

  function link(href, text) {
    if (!isWebLink(href)) return make("span", "iri", text);
    const here = local(href);
    const label = labels[href];
    const a = make("a", label ? "iri labelled" : "iri", label || text);
    a.href = here || href;
    if (label) a.title = href;
    if (!here) a.rel = "noopener noreferrer";
    return a;
  }

  async function loadLabels() {
    try {
      const response = await fetch("api/labels");
      if (response.ok) labels = await response.json();
    } catch (err) {
      /* IRIs are shown as they are */
    }
  }

  function shorten(iri) {
    for (const [long, short] of Object.entries(SHORT)) {
      if (iri.startsWith(long)) return short + iri.slice(long.length);
    }
    return "<" + iri + ">";
  }

  function termNode(term) {
    if (!term) return make("span", "unbound", "");
    switch (term.type) {
      case "uri":
        return link(term.value, term.value);
      case "bnode":
        return make("span", "bnode", "_:" + term.value);
      case "triple": {
        const span = make("span", "triple", "<< ");
        for (const part of ["subject", "predicate", "object"]) {
          span.append(termNode(term.value[part]), " ");
        }
        span.append(">>");
        return span;
      }
      default: {
        const span = make("span", "literal", term.value);
        if (term["xml:lang"]) span.append(make("span", "lang", "@" + term["xml:lang"]));
        else if (term.datatype) span.append(make("span", "datatype", "^^" + shorten(term.datatype)));
        return span;
      }
    }
  }

  function sortKey(term) {
    if (!term) return "";
    const label = term.type === "uri" ? labels[term.value] : null;
    return (label || term.value).toLowerCase();
  }

  // A table of results a page at a time (PAGE_ROWS), sorted by any column: its header is a button.
  function table(data) {
    const vars = data.head.vars || [];
    let rows = data.results.bindings.slice(0, SHOWN_ROWS);
    let page = 0;
    let sortedBy = null;
    let ascending = true;
    const wrap = make("div", "table-wrap");
    const tableNode = make("table", "results-table");
    const head = tableNode.createTHead().insertRow();
    const body = tableNode.createTBody();
    const pager = make("div", "pager");
    const back = make("button", "page-back", "Previous rows");
    const on = make("button", "page-on", "Next rows");
    const where = make("span", "page-where");
    back.type = on.type = "button";
    pager.append(back, where, on);

    function draw() {
      body.replaceChildren();
      const last = Math.min(rows.length, (page + 1) * PAGE_ROWS);
      for (const binding of rows.slice(page * PAGE_ROWS, last)) {
        const row = body.insertRow();
        for (const name of vars) row.insertCell().append(termNode(binding[name]));
      }
      where.textContent = rows.length ? "rows " + (page * PAGE_ROWS + 1) + "–" + last + " of " + rows.length : "no rows";
      back.disabled = page === 0;
      on.disabled = last >= rows.length;
      pager.hidden = rows.length <= PAGE_ROWS;
    }

    for (const name of vars) {
      const th = make("th");
      th.scope = "col";
      const button = make("button", "sort", "?" + name);
      button.type = "button";
      button.title = "Sort by ?" + name;
      button.addEventListener("click", () => {
        ascending = sortedBy === name ? !ascending : true;
        sortedBy = name;
        rows = rows.slice().sort((a, b) => {
          const x = sortKey(a[name]);
          const y = sortKey(b[name]);
          const numeric = x !== "" && y !== "" && !isNaN(x) && !isNaN(y);
          const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        for (const other of head.querySelectorAll("th")) other.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        page = 0;
        draw();
      });
      th.append(button);
      head.append(th);
    }
    back.addEventListener("click", () => { page -= 1; draw(); });
    on.addEventListener("click", () => { page += 1; draw(); });
    draw();
    wrap.append(tableNode, pager);
    return wrap;
  }

  // The address of a query, or of an answer: the URL carries it, so it can be sent on.
  function remember(params, anchor) {
    history.replaceState(null, "", "?" + new URLSearchParams(params).toString() + "#" + anchor);
  }

  async function errorText(response) {
    const text = await response.text();
    return "HTTP " + response.status + ": " + text.trim();
  }

  function sparql(query, accept) {
    return fetch("sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: accept },
      body: query,
    });
  }

  async function run(example) {
    const query = example.querySelector("textarea").value;
    remember({ run: example.dataset.name, query: query }, example.id);
    const ticket = (example.runs = (example.runs || 0) + 1);  // only the latest run of an example shows
    const out = example.querySelector(".results");
    const status = example.querySelector(".status");
    out.replaceChildren();
    status.textContent = "running…";
    example.classList.add("busy");
    const started = performance.now();
    try {
      const response = await sparql(query, RESULTS_JSON + ", text/turtle;q=0.9");
      if (ticket !== example.runs) return;
      const took = Math.round(performance.now() - started) + " ms";
      if (!response.ok) {
        out.append(make("pre", "error", await errorText(response)));
        status.textContent = "failed after " + took;
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      const truncated = response.headers.get("X-Frontline-Truncated") === "true";
      const limit = response.headers.get("X-Frontline-Row-Limit");
      if (type.startsWith(RESULTS_JSON)) {
        const data = await response.json();
        if (ticket !== example.runs) return;
        if ("boolean" in data) {
          out.append(make("p", "boolean", data.boolean ? "true" : "false"));
          status.textContent = "answered in " + took;
        } else {
          const count = data.results.bindings.length;
          out.append(table(data));
          status.textContent = count + (count === 1 ? " row" : " rows") + " in " + took;
          if (count > SHOWN_ROWS) {
            out.prepend(make("p", "note", "Showing the first " + SHOWN_ROWS + " rows; download for all " + count + "."));
          }
        }
      } else {
        const text = await response.text();
        if (ticket !== example.runs) return;
        out.append(make("pre", "rdf", text));
        status.textContent = "answered in " + took;
      }
      if (truncated) {
        out.prepend(make("p", "note truncated",
          "The answer was cut at " + limit + " rows, the endpoint's limit. Add a LIMIT or make the query more selective."));
      }
    } catch (err) {
      out.append(make("pre", "error", "The request failed: " + err));
      status.textContent = "";
    } finally {
      example.classList.remove("busy");
    }
  }

  async function download(example, format) {
    const query = example.querySelector("textarea").value;
    const status = example.querySelector(".status");
    const accept = format === "csv" ? "text/csv" : RESULTS_JSON + ", application/ld+json;q=0.9";
    status.textContent = "preparing " + format.toUpperCase() + "…";
    try {
      const response = await sparql(query, accept);
      if (!response.ok) {
        example.querySelector(".results").replaceChildren(make("pre", "error", await errorText(response)));
        status.textContent = "";
        return;
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = make("a");
      a.href = url;
      a.download = (example.dataset.name || "query") + "." + format;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      status.textContent = "downloaded " + a.download;
    } catch (err) {
      status.textContent = "download failed: " + err;
    }
  }

  function controlLine(answer) {
    if (!answer.controller) {
      return answer.place + " on " + answer.date + ": the graph does not know who held it.";
    }
    const label = answer.label && answer.label !== answer.place ? " (" + answer.label + " in the graph)" : "";
    return answer.place + label + " on " + answer.date + ": " + answer.summary + ".";
  }

  function evidenceItem(item) {
    const li = make("li", "evidence");
    const what = [item.type + " by " + (item.side || "an unknown side"), item.date || "undated"];
    if (item.outcome) what.push(item.outcome);
    li.append(make("span", "what", what.join(", ")));
    li.append(make("blockquote", "quote", item.quote));
    const source = make("p", "source", "Reported in ");
    const title = item.title || item.article;
    source.append(item.url ? link(item.url, title) : make("span", null, title));
    const more = [item.outlet, item.published ? "published " + item.published : null].filter(Boolean);
    if (more.length) source.append(", " + more.join(", "));
    if (item.reports > 1) {
      source.append(" · one of " + item.reports + " reports of this incident, from " + item.sources + " independent source" +
        (item.sources === 1 ? "" : "s"));
    }
    li.append(source);
    if (item.claims && item.claims.length) {
      const claims = make("ul", "claims");
      for (const claim of item.claims) {
        claims.append(make("li", "claim", claim.speaker + " " + claim.stance + " this: “" + claim.text + "”"));
      }
      li.append(claims);
    }
    return li;
  }

  async function askControl(event) {
    event.preventDefault();
    const form = event.target;
    const out = document.getElementById("control-answer");
    const params = new URLSearchParams({ place: form.place.value, date: form.date.value });
    remember({ place: form.place.value, date: form.date.value }, "control");
    out.replaceChildren(make("p", "status", "asking…"));
    try {
      const response = await fetch("api/control?" + params.toString(), { headers: { Accept: "application/json" } });
      const answer = await response.json();
      if (!response.ok) {
        out.replaceChildren(make("p", "error", answer.error || "HTTP " + response.status));
        return;
      }
      out.replaceChildren(make("p", "summary", controlLine(answer)));
      if (answer.evidence.length) {
        out.append(make("h3", null, "Evidence"));
        const list = make("ol", "evidence-list");
        for (const item of answer.evidence) list.append(evidenceItem(item));
        out.append(list);
      }
    } catch (err) {
      out.replaceChildren(make("p", "error", "The request failed: " + err));
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const example of document.querySelectorAll(".example")) {
      example.querySelector(".run").addEventListener("click", () => run(example));
      for (const button of example.querySelectorAll(".download")) {
        button.addEventListener("click", () => download(example, button.dataset.format));
      }
      example.querySelector("textarea").addEventListener("keydown", (event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(example);
      });
    }
    const form = document.getElementById("control-form");
    form.addEventListener("submit", askControl);
    const asked = new URLSearchParams(location.search);  // as the page was opened, before any Run changes it
    loadLabels().then(() => {
      // a permalink: the query or the question it carries is asked again
      const example = asked.get("run") && document.querySelector('.example[data-name="' + CSS.escape(asked.get("run")) + '"]');
      if (example) {
        if (asked.has("query")) example.querySelector("textarea").value = asked.get("query");
        example.scrollIntoView();
        run(example);
      } else if (asked.get("place") && asked.get("date")) {
        form.place.value = asked.get("place");
        form.date.value = asked.get("date");
        form.requestSubmit();
      }
    });
  });
})();
