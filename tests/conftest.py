"""Shared test set-up: the ``model`` marker, given to every test that needs no display, and kept honest.

A test marked ``render`` (off-screen plotter), ``gui`` (the real window under Xvfb) or ``slow`` needs more
than the model; every other test is a ``model`` test, and ``.ci/run`` runs those first (``-m model``). A
model test that tries to make a plotter fails, naming the marker it lacks, so the markers stay true.
"""

import pytest

NEEDS_MORE_THAN_THE_MODEL = ("render", "gui", "slow")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not any(item.get_closest_marker(m) for m in NEEDS_MORE_THAN_THE_MODEL):
            item.add_marker(pytest.mark.model)


@pytest.fixture(autouse=True)
def _model_tests_make_no_plotter(request, monkeypatch):
    if request.node.get_closest_marker("model") is None:
        return
    import spineviz.render.offscreen as offscreen

    def refuse(*_args, **_kwargs):
        raise AssertionError(f"{request.node.nodeid} draws with a plotter: mark it render (or gui)")

    monkeypatch.setattr(offscreen, "make_plotter", refuse)
