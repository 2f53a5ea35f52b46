"""The patient handout carries the "Where does it hurt?" map when the scene has pain marks."""

from __future__ import annotations

import re

import pytest

from spineviz.render.export import write_handout
from spineviz.scene.state import SceneState

pytestmark = pytest.mark.render


def test_the_handout_shows_the_marks_the_joints_and_the_caveat(tmp_path):
    state = SceneState(title="Your pain drawing", pain_marks=["buttock-right", "low_back-right"])
    text = write_handout(state, tmp_path / "h.html", image_size=(200, 200)).read_text(encoding="utf-8")
    figure = re.search(r'<figure class="bodymap painmap">(.*?)</figure>', text, re.DOTALL)
    assert figure, "the pain-map figure is missing"
    svg = figure.group(1)
    assert 'data-marks="buttock-right low_back-right"' in svg
    assert len(re.findall(r'data-marked="true"', svg)) >= 4  # both zones, back and right side views
    assert "Buttock (right)" in svg and "Lower back (right)" in svg
    assert "L4/5 right" in svg and "L5/S1 right" in svg
    assert "diagnostic block" in svg
    assert "cannot say which joint causes your pain" in figure.group(0)


def test_no_marks_no_pain_map(tmp_path):
    text = write_handout(SceneState(title="Plain"), tmp_path / "h.html", image_size=(200, 200)).read_text(
        encoding="utf-8"
    )
    assert "painmap" not in text


def test_the_handout_pain_map_has_the_front_view_and_its_advice(tmp_path):
    state = SceneState(title="Front", pain_marks=["groin-left", "abdomen-left"])
    text = write_handout(state, tmp_path / "h.html", image_size=(200, 200)).read_text(encoding="utf-8")
    svg = re.search(r'<figure class="bodymap painmap">(.*?)</figure>', text, re.DOTALL).group(1)
    marked = set(re.findall(r'data-mark="([a-z_]+-(?:left|right))"[^>]*data-view="(\w+)"[^>]*data-marked="true"', svg))
    assert {("groin-left", "front"), ("abdomen-left", "front")} <= marked
    assert "From the front" in svg
    assert "Belly (left)" in svg and "doctor first" in svg  # no joint refers there: the advice instead
