"""The Renstra document (domain.md §5): HTML for the screen, and PDF through WeasyPrint.

    document = build_document(plan=plan, content=content, version_label="Rancangan",
                              version_date=now, ratification=None)
    html = document_html(document, for_print=False)   # screen (the page links the CSS)
    pdf = document_pdf(document, pdf_variant=None)    # bytes, one pass, in this process
    render_document(document, pdf_variant=None, out_path=path)  # in parts, in children

`content` is duck-typed (the core never imports a flow): `stages.versions.PlanContent` of a
frozen version, or `live_document_content(plan)` for the live draft.

The names are imported on first use: the render children import `renstra.document.partpdf`
without setting Django up, so importing this package must not load models.
"""

from importlib import import_module

# Part of the content key of rendered files: bump when the output changes for the same
# content (renstra.document.jobs does not re-use files rendered by another version).
RENDERER_VERSION = "2"

_EXPORTS = {
    "build_document": ".build",
    "head_of_region": ".build",
    "DocumentContent": ".content",
    "live_document_content": ".content",
    "AppendixPart": ".parts",
    "DocChapter": ".parts",
    "DocSection": ".parts",
    "DocTable": ".parts",
    "Document": ".parts",
    "Ratification": ".parts",
    "document_html": ".render",
    "document_pdf": ".render",
    "render_document": ".assemble",
}

__all__ = ["RENDERER_VERSION", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value
