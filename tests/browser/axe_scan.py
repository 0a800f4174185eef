"""Accessibility scan of the page a browser test is looking at, with axe-core.

axe-core comes from the installed `axe_playwright_python` package (its bundled axe.min.js);
we never copy it into the repository."""

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0 and 2.1, levels A and AA: what Indonesian government sites are held to
# (and what Decidim scans for). Best-practice rules are left out on purpose: they are
# advice, not conformance failures.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

_axe = Axe()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current document; return its WCAG A/AA violations.

    Injection goes through `page.evaluate` (the DevTools protocol), which the page's
    Content-Security-Policy does not govern, so the app's strict CSP stays on during scans.
    (`page.add_script_tag(content=…)` would be refused by `script-src 'self'`.)

    Waits for the document's load first: right after a click on a link the address has
    already changed (the navigation committed) while the new document may still be empty,
    and axe then fails inside its own code ("reading 'documentElement'")."""
    page.wait_for_load_state("load")
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def format_violations(url: str, violations: list[dict]) -> str:
    """One readable block per violation: id, impact, help, and each offending node."""
    lines = [f"{len(violations)} accessibility violation(s) (WCAG 2 A/AA) on {url}:"]
    for v in violations:
        lines.append(f"\n- {v['id']} [{v.get('impact') or 'n/a'}] {v['help']}")
        lines.append(f"  {v.get('helpUrl', '')}")
        for node in v["nodes"]:
            target = ", ".join(str(t) for t in node.get("target", []))
            lines.append(f"    * {target}")
            lines.append(f"      {node.get('html', '').strip()[:300]}")
            summary = (node.get("failureSummary") or "").strip()
            if summary:
                lines.extend(f"      {line.strip()}" for line in summary.splitlines())
    return "\n".join(lines)


# axe-core ignores an aria-describedby/-labelledby that names a missing id (the reference is
# then silently dropped), which is how help texts and error messages get lost for screen
# readers when a template's ids drift from the ones Django's widgets point at.
_BROKEN_REFERENCES_JS = """() => {
    const broken = [];
    for (const attribute of ["aria-describedby", "aria-labelledby"]) {
        for (const element of document.querySelectorAll(`[${attribute}]`)) {
            const missing = element.getAttribute(attribute).split(/\\s+/)
                .filter((id) => id && !document.getElementById(id));
            if (missing.length) {
                broken.push({
                    id: "aria-reference-missing",
                    impact: "serious",
                    help: `${attribute} must name ids that exist on the page`,
                    nodes: [{
                        target: [element.id ? `#${element.id}` : element.tagName.toLowerCase()],
                        html: element.outerHTML.slice(0, 300),
                        failureSummary: `Missing id(s): ${missing.join(", ")}`,
                    }],
                });
            }
        }
    }
    return broken;
}"""


def broken_aria_references(page) -> list[dict]:
    """aria-describedby/-labelledby naming ids absent from the page, in axe's format."""
    return page.evaluate(_BROKEN_REFERENCES_JS)


def assert_accessible(page) -> None:
    """Fail the test when axe-core finds WCAG 2 A/AA violations on the page, or when an
    ARIA reference points at nothing."""
    __tracebackhide__ = True
    violations = axe_violations(page) + broken_aria_references(page)
    if violations:
        raise AssertionError(format_violations(page.url, violations))
