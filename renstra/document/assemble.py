"""The document rendered in parts, in parallel, cached, then assembled and numbered.

WeasyPrint lays a document out in one process, holds all of it in memory and takes time
linear in its size. The plain PDF is therefore made of parts rendered as separate documents:

1. The body is cut into parts: each chapter, and each landscape table on its own (a change
   of page size breaks the page there anyway, so the cut does not move anything); a long
   landscape table (T-C.27) is cut further into chunks of `CHUNK_ROWS` rows, each with the
   header rows. The appendix is a part; the verification block ends the last part.
2. Each part's HTML (the same templates as the one-pass document) is hashed with the
   stylesheet, the renderer versions and WeasyPrint's version: a part rendered before is
   taken from the cache directory (RENSTRA_RENDER_CACHE_DIR), the others are rendered by up
   to RENSTRA_RENDER_WORKERS child processes at once (`worker.render_in_child`: a fresh
   interpreter without Django, with the time and memory limits), balanced by size.
3. The front matter (cover, ratification, table of contents, list of tables) is rendered
   once with placeholder numbers to learn its page count (cached too), then the absolute
   page of every chapter, section and table is known from the parts' anchors, and a last
   child (`partpdf.finish`) renders the front matter with those numbers, concatenates the
   parts, stamps the running header and "Halaman X dari Y" from an overlay rendered with the
   same stylesheet, and links the table of contents to its pages.

After an edit to one section only that chapter's part and the front matter are rendered
again. Archival variants (PDF/A, tagged) are rendered in one pass: concatenating PDFs loses
the structure tree and the single output intent PDF/A requires.
"""

import dataclasses
import hashlib
import json
import math
import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string

from .parts import DocTable, Document
from .render import STYLESHEET, _qr_data_uri, static_file
from .worker import RenderFailed, RenderResult, render_in_child

# Bump when the parts' rendering changes for the same HTML.
PARTS_VERSION = "1"
# Rows of a landscape table per part: small enough to spread T-C.27 of a large plan over
# both workers, large enough that the extra page break per chunk stays rare.
CHUNK_ROWS = 150
# Consecutive small parts are rendered as one (every cut is at a page break, so joining two
# parts back changes nothing): fewer documents, less fixed cost per document.
MERGE_HTML_BYTES = 40_000
# Placeholder page number of the first front-matter render (wider than any real one).
PLACEHOLDER_PAGE = 888
# The parts leave the margins empty: the overlay stamps the header and the footer.
PARTS_CSS = """
@page { @top-center { content: none; } @bottom-center { content: none; } }
"""
RENDER_PARTS = "renstra.document.partpdf.render_parts"
FINISH = "renstra.document.partpdf.finish"
_cache_lock = threading.Lock()


@dataclasses.dataclass
class Part:
    blocks: list[dict[str, Any]]
    html: str = ""
    key: str = ""

    @property
    def anchors(self) -> list[str]:
        return [a for b in self.blocks for a in _block_anchors(b)]


def _block_anchors(block: dict[str, Any]) -> list[str]:
    kind = block["kind"]
    if kind == "chapter":
        return [block["chapter"].anchor]
    if kind == "section":
        return [block["section"].anchor]
    if kind == "table" and not block["table"].continued:
        return [block["table"].anchor]
    if kind == "appendix":
        return ["lampiran"]
    return []


def cache_dir() -> Path:
    configured = getattr(settings, "RENSTRA_RENDER_CACHE_DIR", None)
    path = Path(configured) if configured else Path(settings.MEDIA_ROOT).parent / "render-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _chunks(table: DocTable) -> list[DocTable]:
    inner = table.context.get("table")
    rows = getattr(inner, "body", None)
    if inner is None or rows is None or len(rows) <= CHUNK_ROWS:
        return [table]
    count = math.ceil(len(rows) / CHUNK_ROWS)
    size = math.ceil(len(rows) / count)
    out = []
    for i in range(count):
        sub = dataclasses.replace(inner, body=rows[i * size : (i + 1) * size])
        out.append(
            dataclasses.replace(table, context={**table.context, "table": sub}, continued=i > 0)
        )
    return out


def split_document(document: Document) -> list[Part]:
    """The body of the document as parts, in order (the front matter is not among them)."""
    parts: list[Part] = []

    def start() -> Part:
        parts.append(Part(blocks=[]))
        return parts[-1]

    current = start()

    def add_table(table: DocTable) -> None:
        nonlocal current
        if not table.landscape:
            current.blocks.append({"kind": "table", "table": table})
            return
        for chunk in _chunks(table):
            start().blocks.append({"kind": "table", "table": chunk})
        current = start()

    for chapter in document.chapters:
        current = start()
        current.blocks.append({"kind": "chapter", "chapter": chapter})
        for section in chapter.sections:
            current.blocks.append({"kind": "section", "section": section})
            for table in section.tables:
                add_table(table)
        for table in chapter.tables:
            add_table(table)
    if document.appendix:
        current = start()
        current.blocks.append({"kind": "appendix"})
    parts = [p for p in parts if p.blocks]
    if document.extra.get("verify_url") and parts:
        parts[-1].blocks.append({"kind": "verify"})
    return parts


def _joined(document: Document, parts: list[Part], context: dict[str, Any]) -> list[Part]:
    """The parts with their HTML, consecutive small ones joined up to MERGE_HTML_BYTES."""
    for part in parts:
        part.html = _part_html(document, part.blocks, context)
    joined: list[Part] = []
    for part in parts:
        last = joined[-1] if joined else None
        if last is not None and len(last.html) + len(part.html) <= MERGE_HTML_BYTES:
            last.blocks = last.blocks + part.blocks
            last.html = _part_html(document, last.blocks, context)
        else:
            joined.append(Part(blocks=list(part.blocks), html=part.html))
    return joined


def _stylesheet() -> str:
    path = static_file(STYLESHEET)
    if path is None:
        raise RenderFailed("error", f"stylesheet {STYLESHEET} not found")
    return path.read_text(encoding="utf-8")


def _part_html(document: Document, blocks: list[dict[str, Any]], context: dict[str, Any]) -> str:
    body = render_to_string(
        "renstra/document/part.html", {"doc": document, "blocks": blocks, **context}
    )
    return render_to_string(
        "renstra/document/print.html", {"doc": document, "body": body, "stylesheet": ""}
    )


def _key(css: str, html: str, kind: str) -> str:
    digest = hashlib.sha256()
    for piece in (
        "renstra-part",
        kind,
        PARTS_VERSION,
        weasyprint.__version__,
        str(settings.LANGUAGE_CODE),
        css,
        html,
    ):
        digest.update(piece.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _cached_info(directory: Path, key: str) -> dict[str, Any] | None:
    info_path = directory / f"{key}.json"
    pdf_path = directory / f"{key}.pdf"
    try:
        info = json.loads(info_path.read_text())
    except (OSError, ValueError):
        return None
    if not pdf_path.exists():
        return None
    now = time.time()
    for path in (info_path, pdf_path):
        try:
            os.utime(path, (now, now))
        except OSError:
            return None
    return info


def _balance(parts: list[Part], workers: int) -> list[list[Part]]:
    """Longest first onto the least loaded worker (HTML length as the cost)."""
    bins: list[tuple[int, list[Part]]] = [(0, []) for _ in range(workers)]
    for part in sorted(parts, key=lambda p: len(p.html), reverse=True):
        i = min(range(len(bins)), key=lambda j: bins[j][0])
        load, items = bins[i]
        bins[i] = (load + len(part.html), [*items, part])
    return [items for _load, items in bins if items]


def _set_numbers(document: Document, pages: dict[str, int] | None) -> None:
    """Page numbers (1-based, absolute) for the table of contents; placeholders if None."""

    def number(anchor: str) -> int | None:
        if pages is None:
            return PLACEHOLDER_PAGE
        index = pages.get(anchor)
        return None if index is None else index + 1

    document.numbered = True
    for chapter in document.chapters:
        chapter.page_number = number(chapter.anchor)
        for section in chapter.sections:
            section.page_number = number(section.anchor)
    for table in document.tables:
        table.page_number = number(table.anchor)
    document.appendix_page_number = number("lampiran")


def _front_html(document: Document, context: dict[str, Any]) -> str:
    return _part_html(document, [{"kind": "front"}], context)


def render_assembled(
    document: Document,
    *,
    out_path: Path,
    timeout: float | None = None,
    max_mb: int | None = None,
    workers: int | None = None,
    directory: Path | None = None,
) -> RenderResult:
    """Render `document` as a plain PDF in parts (see the module) to `out_path`.

    Returns the RenderResult (info: pages, parts, rendered parts). Raises RenderFailed like
    `render_in_child` (time limit over the whole render, memory limit per child)."""
    started = time.monotonic()
    timeout = timeout if timeout is not None else settings.RENSTRA_RENDER_TIMEOUT
    max_mb = max_mb if max_mb is not None else settings.RENSTRA_RENDER_MAX_MB
    workers = workers or int(getattr(settings, "RENSTRA_RENDER_WORKERS", 2)) or 1
    directory = directory or cache_dir()
    out_path = Path(out_path)
    deadline = started + timeout

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise RenderFailed("timeout", f"render took longer than {timeout:g} s and was stopped")
        return left

    base_css = _stylesheet()
    css = base_css + PARTS_CSS
    verify_url = document.extra.get("verify_url", "")
    context = {
        "for_print": True,
        "verify_url": verify_url,
        "verify_qr": _qr_data_uri(verify_url) if verify_url else "",
    }
    parts = _joined(document, split_document(document), context)
    for part in parts:
        part.key = _key(css, part.html, "body")
    _set_numbers(document, None)
    placeholder = Part(blocks=[{"kind": "front"}], html=_front_html(document, context))
    placeholder.key = _key(css, placeholder.html, "front")

    # 1. Every body part and the placeholder front matter not in the cache, in parallel.
    infos: dict[str, dict[str, Any]] = {}
    missing: list[Part] = []
    for part in [placeholder, *parts]:
        if part.key in infos:
            continue
        info = _cached_info(directory, part.key)
        if info is None:
            if all(m.key != part.key for m in missing):
                missing.append(part)
        else:
            infos[part.key] = info
    rendered = len(missing)
    with tempfile.TemporaryDirectory(prefix="renstra-parts-") as tmp:
        if missing:
            groups = _balance(missing, workers)

            def run(index_group: tuple[int, list[Part]]) -> None:
                index, group = index_group
                render_in_child(
                    RENDER_PARTS,
                    {
                        "css": css,
                        "dir": str(directory),
                        "parts": [{"key": p.key, "html": p.html} for p in group],
                    },
                    out_path=Path(tmp) / f"group-{index}.done",
                    timeout=remaining(),
                    max_mb=max_mb,
                    setup_django=False,
                )

            with ThreadPoolExecutor(max_workers=len(groups)) as pool:
                for future in [pool.submit(run, g) for g in enumerate(groups)]:
                    future.result()
            for part in missing:
                info = _cached_info(directory, part.key)
                if info is None:
                    raise RenderFailed("error", f"part {part.key[:12]} was not written")
                infos[part.key] = info

        # 2. Absolute pages: the front matter first, then the parts in order.
        front_pages = infos[placeholder.key]["pages"]
        for _attempt in range(3):
            pages: dict[str, int] = {}
            offset = front_pages
            for part in parts:
                info = infos[part.key]
                for anchor, index in info["anchors"].items():
                    pages.setdefault(anchor, offset + index)
                offset += info["pages"]
            _set_numbers(document, pages)
            front = Part(blocks=[{"kind": "front"}], html=_front_html(document, context))
            front.key = _key(css, front.html, "front")
            result = render_in_child(
                FINISH,
                {
                    "css": css,
                    "overlay_css": base_css,
                    "dir": str(directory),
                    "front": {"key": front.key, "html": front.html},
                    "expected_front_pages": front_pages,
                    "parts": [str(directory / f"{p.key}.pdf") for p in parts],
                    "anchors": pages,
                    "unit": document.unit_name,
                    "title": document.title,
                    "metadata": {
                        "/Title": f"{document.title} · {document.version_label}",
                        "/Author": document.unit_name,
                        "/Subject": f"{document.title} ({document.period_label})",
                    },
                },
                out_path=out_path,
                timeout=remaining(),
                max_mb=max_mb,
                setup_django=False,
            )
            if result.info.get("pages"):
                break
            out_path.unlink(missing_ok=True)
            front_pages = int(result.info["front_pages"])
        else:
            raise RenderFailed("error", "the table of contents does not settle on a page count")
    _prune(directory)
    info = {
        "pages": result.info["pages"],
        "parts": len(parts) + 1,
        "rendered_parts": rendered,
    }
    return RenderResult(path=out_path, seconds=time.monotonic() - started, info=info)


def _prune(directory: Path) -> None:
    """Keep the cache under RENSTRA_RENDER_CACHE_MB: the least recently used go first."""
    limit = int(getattr(settings, "RENSTRA_RENDER_CACHE_MB", 1024)) * 1024 * 1024
    with _cache_lock:
        entries = []
        total = 0
        for path in directory.glob("*"):
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
            total += stat.st_size
        if total <= limit:
            return
        for _mtime, size, path in sorted(entries):
            path.unlink(missing_ok=True)
            total -= size
            if total <= limit:
                break


def render_document(
    document: Document,
    *,
    pdf_variant: str | None,
    out_path: Path,
    timeout: float | None = None,
    max_mb: int | None = None,
) -> RenderResult:
    """The document's PDF at `out_path`: in parts for a plain PDF, in one pass (in a child
    process) for an archival variant (PDF/A needs the one document's structure)."""
    if pdf_variant:
        return render_in_child(
            "renstra.document.jobs.pdf_in_child",
            (document, pdf_variant),
            out_path=out_path,
            timeout=timeout,
            max_mb=max_mb,
        )
    return render_assembled(document, out_path=out_path, timeout=timeout, max_mb=max_mb)
