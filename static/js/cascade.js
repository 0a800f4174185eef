// Cascade pages: confirmation in place and the nomenclature picker. Both degrade to plain
// forms: without JavaScript a delete goes through the confirm page, and "Gunakan" saves
// the chosen nomenclature row directly.
document.addEventListener("DOMContentLoaded", () => {
  // app.js asks for confirmation in the browser, so the server's confirm page is skipped.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    if (form.querySelector("input[name=confirmed]")) return;
    const flag = document.createElement("input");
    flag.type = "hidden";
    flag.name = "confirmed";
    flag.value = "1";
    form.append(flag);
  });
});

// A picked nomenclature row fills the element form (results arrive later through htmx,
// hence the listener on the document).
document.addEventListener("submit", (event) => {
  const pick = event.target.closest("form[data-nomenclature-pick]");
  const form = document.getElementById("element-form");
  if (!pick || !form) return;
  event.preventDefault();
  const fields = form.elements;
  if (fields.code) fields.code.value = pick.dataset.code;
  if (fields.text) fields.text.value = pick.dataset.name;
  if (fields.nomenclature) fields.nomenclature.value = pick.dataset.item;
  const status = document.getElementById("nomen-status");
  const picker = document.querySelector("[data-picked-message]");
  if (status && picker) status.textContent = picker.dataset.pickedMessage;
  if (fields.code) fields.code.focus();
});
