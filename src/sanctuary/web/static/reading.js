// While a paper is read: ask the server how far it got, say it (the status region is aria-live),
// and go on with the interview once the paper is read. The page works without this script.
(function () {
  "use strict";
  var box = document.getElementById("reading-status");
  var form = document.getElementById("reading-form");
  if (!box || !form) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        // Anything but the status (the session ended: the login page) sends the form, which says why.
        var json = (response.headers.get("content-type") || "").indexOf("json") >= 0;
        return response.ok && json ? response.json() : { status: "gone" };
      })
      .then(function (status) {
        if (status.text && status.text !== box.textContent) {
          box.textContent = status.text;
        }
        if (status.status === "reading") {
          window.setTimeout(poll, 1000);
        } else {
          form.submit();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 1000);
})();
