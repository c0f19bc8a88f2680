// Live progress for tables being audited: polls each table's status JSON every second,
// updates its <progress> bar, and reloads the page once the audit is done or failed
// so the findings appear. Loaded as a static file: no inline script, no CDN.
(function () {
  "use strict";

  var INTERVAL_MS = 1000;
  var LABELS = { queued: "Waiting for a worker", running: "Being audited", done: "Audited", failed: "Failed" };

  function update(element, data) {
    var bar = element.querySelector("progress");
    var badge = element.querySelector("[data-role=status]");
    var text = element.querySelector("[data-role=text]");
    if (bar && typeof data.progress === "number") {
      bar.value = data.progress;
      bar.textContent = Math.round(data.progress) + "%";
    }
    if (badge && LABELS[data.status]) {
      badge.textContent = LABELS[data.status];
      badge.className = "badge status-" + data.status;
    }
    if (text) {
      text.textContent = data.rows_read ? data.rows_read.toLocaleString() + " rows read" : "";
    }
  }

  function poll(element) {
    var url = element.getAttribute("data-status-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) {
        update(element, data);
        if (data.status === "done" || data.status === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(function () { poll(element); }, INTERVAL_MS);
      })
      .catch(function () {
        // The server or network hiccuped: keep trying, a little more slowly.
        window.setTimeout(function () { poll(element); }, INTERVAL_MS * 3);
      });
  }

  document.querySelectorAll("[data-status-url]").forEach(poll);
})();
