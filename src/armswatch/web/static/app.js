// armswatch pages: link highlights and records on the document page, send reviews, zoom the map.
// No framework and no external script: the pages work without this file, it only adds the clicking.
(function () {
  "use strict";

  function byIds(attr, id) {
    return Array.prototype.filter.call(document.querySelectorAll("mark.hl"), function (m) {
      return (m.getAttribute(attr) || "").split(" ").indexOf(id) >= 0;
    });
  }

  function clearFocus() {
    document.querySelectorAll(".rec.focus").forEach(function (e) { e.classList.remove("focus"); });
    document.querySelectorAll("mark.hl.active").forEach(function (e) { e.classList.remove("active"); });
    document.querySelectorAll(".sent.focus").forEach(function (e) { e.classList.remove("focus"); });
  }

  // A record: light its sentence and its evidence, and bring the sentence into view.
  function focusRecord(card, scrollText) {
    clearFocus();
    card.classList.add("focus");
    var id = card.getAttribute("data-id");
    var marks = byIds("data-ids", id);
    marks.forEach(function (m) { m.classList.add("active"); });
    var sentence = document.getElementById("s-" + card.getAttribute("data-sentence"));
    if (sentence) sentence.classList.add("focus");
    var target = marks[0] || sentence;
    if (scrollText && target) target.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  // A highlight: show the records it belongs to (the first one visible), scroll the record list to it.
  function focusMark(mark) {
    var ids = (mark.getAttribute("data-ids") || "").split(" ").filter(Boolean);
    var cards = ids.map(function (id) { return document.getElementById("r-" + id); })
      .filter(function (c) { return c && c.offsetParent !== null; });
    if (!cards.length) return;
    focusRecord(cards[0], false);
    cards.forEach(function (c) { c.classList.add("focus"); });
    cards[0].scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function setupDocument() {
    var text = document.getElementById("doc-text");
    if (!text) return;
    text.addEventListener("click", function (ev) {
      var mark = ev.target.closest("mark.hl");
      if (mark && !mark.classList.contains("off")) focusMark(mark);
    });
    text.addEventListener("keydown", function (ev) {
      var mark = ev.target.closest && ev.target.closest("mark.hl");
      if (mark && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); focusMark(mark); }
    });
    var list = document.getElementById("doc-records");
    list.addEventListener("click", function (ev) {
      if (ev.target.closest("form, a, button, input, select, summary")) return;
      var card = ev.target.closest(".rec");
      if (card) focusRecord(card, true);
    });
    // kind toggles: hide a kind's records and take its colour off the text
    // (the boxes start as the server set them: some kinds are off by default, so apply them once on load)
    function applyToggles() {
      var hidden = Array.prototype.filter.call(document.querySelectorAll(".kind-toggles input[data-kind]"),
        function (b) { return !b.checked; }).map(function (b) { return b.getAttribute("data-kind"); });
      document.querySelectorAll(".doc-records .rec, .doc-records h3").forEach(function (el) {
        var kind = (el.className.match(/k-(\w+)/) || [])[1];
        el.style.display = hidden.indexOf(kind) >= 0 ? "none" : "";
      });
      document.querySelectorAll("mark.hl").forEach(function (m) {
        var kinds = (m.className.match(/k-\w+/g) || []).map(function (k) { return k.slice(2); });
        var shown = kinds.filter(function (k) { return hidden.indexOf(k) < 0; });
        m.classList.toggle("off", shown.length === 0);
      });
    }
    document.querySelectorAll(".kind-toggles input[data-kind]").forEach(function (box) {
      box.addEventListener("change", applyToggles);
    });
    applyToggles();
    if (location.hash.indexOf("#r-") === 0) {
      var card = document.getElementById(location.hash.slice(1));
      // a link to a record of a kind switched off: switch its kind on first
      var box = card && document.querySelector('.kind-toggles input[data-kind="' + card.className.match(/k-(\w+)/)[1] + '"]');
      if (box && !box.checked) { box.checked = true; applyToggles(); }
      if (card) { focusRecord(card, true); card.scrollIntoView({ block: "nearest" }); }
    }
  }

  function setupReviews() {
    var token = document.getElementById("token"), reviewer = document.getElementById("reviewer");
    var status = document.getElementById("review-status");
    if (!token) return;
    token.value = sessionStorage.getItem("armswatch-token") || "";
    reviewer.value = localStorage.getItem("armswatch-reviewer") || "";
    token.addEventListener("change", function () { sessionStorage.setItem("armswatch-token", token.value); });
    reviewer.addEventListener("change", function () { localStorage.setItem("armswatch-reviewer", reviewer.value); });
    document.querySelectorAll("form.review").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var button = ev.submitter || form.querySelector("button");
        var body = { verdict: button.value, reviewer: reviewer.value.trim() };
        if (body.verdict === "fixed") {
          body.field = form.querySelector("[name=field]").value;
          var raw = form.querySelector("[name=new_value]").value;
          try { body.new_value = JSON.parse(raw); } catch (e) { body.new_value = raw; }
        }
        fetch(form.getAttribute("action"), {
          method: "POST",
          headers: { "Content-Type": "application/json", "Accept": "application/json",
                     "Authorization": "Bearer " + token.value },
          body: JSON.stringify(body)
        }).then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        }).then(function (result) {
          if (!result.ok) {
            var e = result.data.error || {};
            status.textContent = (e.code || "error") + ": " + (e.message || "the review was not saved");
            status.className = "error-text";
            return;
          }
          var badge = form.parentNode.querySelector(".verdict");
          var last = (result.data._reviews || []).slice(-1)[0] || {};
          badge.setAttribute("data-verdict", result.data._review || body.verdict);
          badge.textContent = (result.data._review || body.verdict) + " · " + (last.reviewer || body.reviewer);
          form.parentNode.classList.toggle("reviewed-wrong", result.data._review === "wrong");
          var main = form.parentNode.querySelector(".rec-main");
          if (body.verdict === "fixed" && main) main.textContent += "  (fixed " + body.field + ": reload to see)";
          status.textContent = "saved: " + body.verdict;
          status.className = "ok-text";
        }).catch(function () { status.textContent = "the server did not answer"; });
      });
    });
  }

  function setupMap() {
    var map = document.getElementById("map");
    if (!map) return;
    var full = [0, 0, 360, parseFloat(map.getAttribute("data-height"))];
    var box = full.slice();
    function apply() { map.setAttribute("viewBox", box.join(" ")); }
    function zoom(factor, cx, cy) {
      var w = Math.min(full[2], Math.max(10, box[2] * factor)), h = w * full[3] / full[2];
      cx = cx === undefined ? box[0] + box[2] / 2 : cx; cy = cy === undefined ? box[1] + box[3] / 2 : cy;
      box = [Math.max(0, Math.min(full[2] - w, cx - w / 2)), Math.max(0, Math.min(full[3] - h, cy - h / 2)), w, h];
      apply();
    }
    document.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var how = b.getAttribute("data-zoom");
        if (how === "reset") { box = full.slice(); apply(); } else zoom(how === "in" ? 0.5 : 2);
      });
    });
    map.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = map.getBoundingClientRect();
      var cx = box[0] + (ev.clientX - r.left) / r.width * box[2], cy = box[1] + (ev.clientY - r.top) / r.height * box[3];
      zoom(ev.deltaY < 0 ? 0.7 : 1.4, cx, cy);
    }, { passive: false });
  }

  document.addEventListener("DOMContentLoaded", function () { setupDocument(); setupReviews(); setupMap(); });
})();
