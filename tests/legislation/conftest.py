import pytest


@pytest.fixture(autouse=True)
def _render_in_background(settings, tmp_path):
    """Ratification renders the official PDF right away by default; most tests check the
    flow, not the PDF (one test renders it for real and sets "now" back)."""
    settings.LEGISLATION_RATIFY_RENDER = "background"
    settings.MEDIA_ROOT = str(tmp_path / "media")
