"""A render function for the kill test: importable by dotted path (the render child is a
fresh interpreter). It marks that the render has started, then renders slowly enough for
the test to kill the child in the middle, then writes a real (small) PDF."""

import time
from pathlib import Path

from tests.renstra.document_standin import StandInDocument
from tests.renstra.document_standin import pdf_in_child as standin_pdf


def pdf_in_child(argument):
    document, pdf_variant = argument
    marker = Path(document.version_label)  # the test passes a marker path here
    with open(marker, "a") as fh:  # one line per render started
        fh.write("started\n")
    time.sleep(2.5)  # "rendering": the test kills the child here
    label = StandInDocument(document.title, "Versi uji", document.verify_url)
    return standin_pdf((label, pdf_variant))
