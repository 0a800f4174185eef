// Comment on a passage: progressive enhancement of the comment page.
// Without this script the form works on its own (pick a sentence or type the quote).
// With it: select text in a section (mouse, touch, or the keyboard with caret browsing /
// a screen reader's selection), press "Komentari bagian terpilih", and the form is filled
// in: section, quote, and the quote's offset in the section's text (Range.toString(), the
// same text content the server measures). Announcements go to a polite live region.
(() => {
  "use strict";

  const form = document.getElementById("comment-form");
  const live = document.getElementById("comment-live");
  if (!form) return;

  const field = (name) => form.elements.namedItem(name);
  const announce = (text) => {
    if (!live) return;
    live.textContent = "";
    // A fresh text node after a tick is read out even when the text repeats.
    window.setTimeout(() => { live.textContent = text; }, 50);
  };
  const shorten = (text, limit = 120) =>
    text.length > limit ? `${text.slice(0, limit - 1)}…` : text;

  // --- Which target fields are relevant -----------------------------------------------
  const targetFieldsets = form.querySelectorAll(".target-fields[data-target]");
  const currentTarget = () => {
    const checked = form.querySelector('input[name="target"]:checked');
    return checked ? checked.value : "plan";
  };
  const showTargetFields = () => {
    const target = currentTarget();
    targetFieldsets.forEach((fieldset) => {
      const wanted = fieldset.dataset.target.split(" ").includes(target);
      fieldset.hidden = !wanted;
      fieldset.disabled = !wanted;
    });
  };
  const setTarget = (value) => {
    const radio = form.querySelector(`input[name="target"][value="${value}"]`);
    if (radio) radio.checked = true;
    showTargetFields();
  };
  form.querySelectorAll('input[name="target"]').forEach((radio) => {
    radio.addEventListener("change", showTargetFields);
  });
  showTargetFields();

  // --- Remember the last selection inside one section body --------------------------------
  let lastSelection = null; // {sectionId, label, quote, position}

  const sectionBodyOf = (node) => {
    const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    return element ? element.closest(".comment-section-body[data-section-id]") : null;
  };

  const readSelection = () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const body = sectionBodyOf(range.startContainer);
    if (!body || body !== sectionBodyOf(range.endContainer)) return null;
    const raw = range.toString();
    const quote = raw.trim();
    if (!quote) return null;
    const before = document.createRange();
    before.setStart(body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const leading = raw.length - raw.trimStart().length;
    return {
      sectionId: body.dataset.sectionId,
      label: body.dataset.sectionLabel || "",
      quote,
      position: before.toString().length + leading,
    };
  };

  document.addEventListener("selectionchange", () => {
    const found = readSelection();
    if (found) lastSelection = found;
  });

  const fillFromSelection = (selected) => {
    setTarget("section");
    field("section").value = selected.sectionId;
    field("quote").value = selected.quote;
    field("position").value = String(selected.position);
    const passage = field("passage");
    if (passage) passage.value = "";
  };

  document.querySelectorAll("button.comment-selection[data-section-id]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const selected = readSelection() || lastSelection;
      if (!selected || selected.sectionId !== button.dataset.sectionId) {
        announce(form.dataset.noSelection || "Pilih dahulu bagian teks pada subbab ini.");
        return;
      }
      fillFromSelection(selected);
      const body = field("body");
      body.focus();
      announce(
        (form.dataset.selected || "Bagian terpilih dari {subbab}: “{kutipan}”. Tulis komentar Anda.")
          .replace("{subbab}", selected.label)
          .replace("{kutipan}", shorten(selected.quote))
      );
    });
  });

  // --- The sentence picker (works for keyboard and screen-reader users) -------------------
  const passage = field("passage");
  if (passage) {
    passage.addEventListener("change", () => {
      const value = passage.value;
      if (!value) return;
      const [sectionId, start] = value.split(":");
      const option = passage.options[passage.selectedIndex];
      setTarget("section");
      field("section").value = sectionId;
      field("position").value = start;
      const text = option.dataset.full || option.textContent.trim();
      field("quote").value = text.endsWith("…") ? "" : text;
      announce(
        (form.dataset.sentence || "Kalimat terpilih: “{kutipan}”. Anda dapat mempersingkat kutipannya.")
          .replace("{kutipan}", shorten(text))
      );
    });
  }

})();
