// The guided new-request form: choosing the agency shows its law, calendar and contact
// and ticks the stages it holds records for (when none is ticked yet). The facts come
// from a JSON block the server rendered; without script the form still works.
(function () {
  "use strict";
  var data = document.getElementById("agency-facts-data");
  var select = document.querySelector("#request-form select[name=agency]");
  var box = document.getElementById("agency-facts");
  if (!data || !select || !box) { return; }
  var facts = JSON.parse(data.textContent);

  function stageBoxes() {
    return Array.prototype.slice.call(document.querySelectorAll("#request-form input[name=stages]"));
  }

  function show() {
    var fact = facts[select.value];
    if (!fact) { box.hidden = true; return; }
    ["law", "deadline", "calendar", "contact"].forEach(function (name) {
      box.querySelector("[data-fact=" + name + "]").textContent = fact[name];
    });
    box.hidden = false;
    var boxes = stageBoxes();
    if (!boxes.some(function (input) { return input.checked; })) {
      boxes.forEach(function (input) {
        input.checked = fact.stage_ids.indexOf(input.value) !== -1;
      });
    }
  }

  select.addEventListener("change", show);
  show();
})();
