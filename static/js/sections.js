// The rich-text editor hides the textarea its <label> points at. Give the editable area
// the label's text so screen readers announce it, and mark it as a multi-line text box.
function labelEditor(textarea, dom) {
  if (!textarea || !dom) return;
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  dom.setAttribute("role", "textbox");
  dom.setAttribute("aria-multiline", "true");
  if (label) dom.setAttribute("aria-label", label.textContent.trim());
  const described = textarea.getAttribute("aria-describedby");
  if (described) dom.setAttribute("aria-describedby", described);
}

// Editors created after this script ran announce themselves…
document.addEventListener("prose-editor:ready", (event) => {
  labelEditor(event.detail.textarea, event.detail.editor.view.dom);
});
// …and the ones created before it (module scripts may run first) are already in the page.
document.querySelectorAll(".prose-editor").forEach((wrapper) => {
  labelEditor(wrapper.querySelector("textarea"), wrapper.querySelector(".ProseMirror[contenteditable]"));
});
