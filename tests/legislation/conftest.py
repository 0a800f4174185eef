import pytest


@pytest.fixture(autouse=True)
def _render_in_background(settings, tmp_path):
    """The official PDF is rendered by the worker (the default, stated here so that a
    deployment setting cannot change what the tests check); two tests render it."""
    settings.LEGISLATION_RATIFY_RENDER = "background"
    settings.MEDIA_ROOT = str(tmp_path / "media")
