"""The render children's side of the document rendered in parts (see `assemble`).

Runs in fresh interpreters started by `worker.render_in_child` WITHOUT Django: it gets HTML
strings and the stylesheet text from the parent, and only needs WeasyPrint and pypdf, so a
child starts in about a second. Two entry points:

- `render_parts`: render each given part to `<dir>/<key>.pdf` with `<dir>/<key>.json`
  (page count, page sizes, which anchor is on which page), written atomically so another
  render may read them at once (the cache of `assemble`).
- `finish`: render the front matter (cover, table of contents with the page numbers the
  parent computed), concatenate every part's PDF with pypdf, stamp the running header and
  the "Halaman X dari Y" footer on each page from a small overlay document rendered with
  the same stylesheet, add the table of contents' links, and return the bytes.
"""

import hashlib
import html
import io
import json
import os
from pathlib import Path
from typing import Any

# The same made-up origin as `render.BASE_URL`: nothing is ever fetched from the network.
BASE_URL = "https://renstra.invalid/"
PX_TO_PT = 0.75


def _fetcher():
    from weasyprint.urls import URLFetcher

    class DataOnlyFetcher(URLFetcher):
        """`data:` URIs only (the QR code); the stylesheet comes as text."""

        def __init__(self):
            super().__init__(allowed_protocols={"data"})

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"not served to the PDF renderer: {url}")

    return DataOnlyFetcher()


def _render(html_text: str, css_text: str):
    from weasyprint import CSS, HTML

    return HTML(string=html_text, base_url=BASE_URL, url_fetcher=_fetcher()).render(
        stylesheets=[CSS(string=css_text, base_url=BASE_URL, url_fetcher=_fetcher())]
    )


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def render_part(key: str, html_text: str, css_text: str, directory: Path) -> dict[str, Any]:
    """Render one part; write its PDF and info under `directory`; return the info."""
    document = _render(html_text, css_text)
    info: dict[str, Any] = {
        "pages": len(document.pages),
        "sizes": [
            [round(p.width * PX_TO_PT, 2), round(p.height * PX_TO_PT, 2)] for p in document.pages
        ],
        "anchors": {},
    }
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            info["anchors"].setdefault(name, index)
    pdf = document.write_pdf()
    _write_atomic(directory / f"{key}.pdf", pdf)
    _write_atomic(directory / f"{key}.json", json.dumps(info).encode())
    return info


def render_parts(argument: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """Child entry point: render `argument["parts"]` ([{"key", "html"}]) one after the other."""
    import gc

    directory = Path(argument["dir"])
    done = []
    for part in argument["parts"]:
        render_part(part["key"], part["html"], argument["css"], directory)
        done.append(part["key"])
        gc.collect()
    return b"", {"rendered": done}


def _css_string(text: str) -> str:
    flat = " ".join(str(text).split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def overlay_html(kinds: list[str], unit: str, title: str) -> str:
    """One empty page per page of the document, on the same named page (same size and
    margins), so document.css draws the running header and the footer exactly where a
    one-pass render puts them. `kinds`: "cover", "", "landscape" or "wide"."""
    strings = (
        f'<span class="running-unit">{html.escape(unit.upper())}</span>'
        f'<span class="running-title">{html.escape(title)}</span>'
    )
    pages = []
    for index, kind in enumerate(kinds):
        inner = strings if index == 0 else ""
        pages.append(f'<div class="overlay-page {kind}">{inner}</div>')
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8"></head>'
        f'<body class="print page-overlay">{"".join(pages)}</body></html>'
    )


def page_kind(width: float, height: float) -> str:
    """The named page of document.css a page was laid out on, from its size in points."""
    if width <= height:
        return ""
    return "wide" if width > 1000 else "landscape"


def _stream_data(contents) -> bytes:
    contents = contents.get_object()
    if isinstance(contents, list):
        return b"\n".join(c.get_object().get_data() for c in contents)
    return contents.get_data()


def _stamp(writer, overlay) -> None:
    """Draw each overlay page over the writer's page of the same index, as a form
    XObject: the page's own content streams are wrapped in q/Q and left as they are (no
    parsing, no re-compression)."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    def stream(data: bytes):
        obj = DecodedStreamObject()
        obj.set_data(data)
        return writer._add_object(obj)

    save = stream(b"q\n")
    for index, (page, stamp) in enumerate(zip(writer.pages, overlay.pages, strict=True)):
        if stamp.get("/Contents") is None:
            continue
        form = DecodedStreamObject()
        form.set_data(_stream_data(stamp["/Contents"]))
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/FormType")] = NumberObject(1)
        form[NameObject("/BBox")] = ArrayObject(stamp.mediabox)
        if "/Resources" in stamp:
            form[NameObject("/Resources")] = stamp["/Resources"].get_object()
        form_ref = writer._add_object(form.clone(writer))
        name = NameObject(f"/RenstraStamp{index}")
        resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[name] = form_ref
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        original = page.get("/Contents")
        parts = []
        if original is not None:
            resolved = original.get_object()
            parts = list(resolved) if isinstance(resolved, list) else [original]
        after = stream(b"\nQ\nq " + name.encode() + b" Do Q\n")
        page[NameObject("/Contents")] = ArrayObject([save, *parts, after])


def finish(argument: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """Child entry point: front matter, concatenation, page stamps, links → PDF bytes.

    `argument`: css (of the parts), overlay_css (with the margin boxes), front {"key",
    "html"}, expected_front_pages, parts (PDF paths of the body parts in order), dir (the
    cache), anchors ({name: absolute page index}), unit, title, metadata ({"/Title": ...}).
    When the front matter does not have the expected number of pages the page numbers in
    it are wrong: returns no bytes and {"front_pages": n} so the parent computes them again."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link

    directory = Path(argument["dir"])
    front = argument["front"]
    front_path = directory / f"{front['key']}.pdf"
    links: list[tuple[int, list[float], str]] = []
    if front_path.exists() and (directory / f"{front['key']}.links.json").exists():
        links = json.loads((directory / f"{front['key']}.links.json").read_text())
        front_pages = json.loads((directory / f"{front['key']}.json").read_text())["pages"]
    else:
        document = _render(front["html"], argument["css"])
        front_pages = len(document.pages)
        for index, page in enumerate(document.pages):
            height = page.height * PX_TO_PT
            for link_type, target, (x, y, w, h), _box in page.links:
                if link_type == "internal":
                    rect = [
                        x * PX_TO_PT,
                        height - (y + h) * PX_TO_PT,
                        (x + w) * PX_TO_PT,
                        height - y * PX_TO_PT,
                    ]
                    links.append((index, rect, target))
        info = {
            "pages": front_pages,
            "sizes": [
                [round(p.width * PX_TO_PT, 2), round(p.height * PX_TO_PT, 2)]
                for p in document.pages
            ],
            "anchors": {},
        }
        _write_atomic(front_path, document.write_pdf())
        _write_atomic(directory / f"{front['key']}.json", json.dumps(info).encode())
        _write_atomic(directory / f"{front['key']}.links.json", json.dumps(links).encode())
        del document
    if front_pages != argument["expected_front_pages"]:
        return b"", {"front_pages": front_pages}

    writer = PdfWriter()
    for path in [front_path, *map(Path, argument["parts"])]:
        writer.append(str(path), import_outline=True)
    kinds = [page_kind(float(p.mediabox.width), float(p.mediabox.height)) for p in writer.pages]
    kinds[0] = "cover"
    overlay_source = overlay_html(kinds, argument["unit"], argument["title"])
    overlay_key = hashlib.sha256(
        "\0".join(["overlay", argument["overlay_css"], overlay_source]).encode()
    ).hexdigest()
    overlay_path = directory / f"overlay-{overlay_key}.pdf"
    if not overlay_path.exists():
        _write_atomic(overlay_path, _render(overlay_source, argument["overlay_css"]).write_pdf())
    overlay = PdfReader(str(overlay_path))
    if len(overlay.pages) != len(writer.pages):
        raise RuntimeError(
            f"page stamps: {len(overlay.pages)} pages for a document of {len(writer.pages)}"
        )
    _stamp(writer, overlay)
    anchors = argument["anchors"]
    for index, (left, bottom, right, top), target in links:
        if target in anchors:
            writer.add_annotation(
                page_number=index,
                annotation=Link(rect=(left, bottom, right, top), target_page_index=anchors[target]),
            )
    writer.add_metadata(argument.get("metadata") or {})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), {"pages": len(writer.pages), "front_pages": front_pages}
