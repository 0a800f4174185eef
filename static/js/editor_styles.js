// The rich-text editor (tiptap) adds its base rules as an inline <style> element, which our
// Content-Security-Policy (style-src 'self') refuses: every editor page logged a CSP
// violation. The rules live in css/sections.css instead, and tiptap skips the injection
// when `style[data-tiptap-style]` already matches. This placeholder matches that selector
// but is not an HTML <style> (its namespace is not HTML), so it holds no inline style for
// the CSP to refuse. Load it before the editor's module scripts.
(() => {
  if (document.querySelector("style[data-tiptap-style]")) return;
  const placeholder = document.createElementNS("urn:renstra:placeholder", "style");
  placeholder.setAttribute("data-tiptap-style", "");
  document.head.append(placeholder);
})();
