"""The tour player on the real window: step, play, edit a caption, save, and the saved file plays the same."""

import pytest

from spineviz.scene.tour import default_tour_dir, load_tour

pytestmark = pytest.mark.gui

TOUR = default_tour_dir() / "why-my-back-hurts-when-i-lean-back.toml"


def test_stepping_shows_each_scene_and_its_caption(window, qtbot):
    player = window.tour_player
    assert player.open_path(TOUR)
    tour = load_tour(TOUR)
    assert player.steps.count() == len(tour.steps)
    assert window.live.state == tour.steps[0].scene
    player.next.click()
    assert player.index == 1 and window.live.state == tour.steps[1].scene
    assert player.caption.toPlainText() == tour.steps[1].caption
    assert player.previous.isEnabled()  # there is a step before now
    player.show_step(len(tour.steps) - 1)
    assert not player.next.isEnabled()
    player.previous.click()
    assert window.live.state == tour.steps[-2].scene


def test_play_moves_on_by_itself_and_pauses(window, qtbot):
    player = window.tour_player
    player.open_path(TOUR)
    player.time_scale = 0.01  # the steps' seconds, shortened
    player.play_button.click()
    assert player.playing and player.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: player.index >= 2, timeout=20000)
    player.play_button.click()
    assert not player.playing


def test_an_edited_caption_shows_and_is_saved(window, qtbot, tmp_path):
    player = window.tour_player
    player.open_path(TOUR)
    player.show_step(2)
    player.caption.setPlainText("Leaning back squeezes these two small joints.")
    assert window.live.state.caption == "Leaning back squeezes these two small joints."
    out = tmp_path / "mine.toml"
    assert player.save_to(out)
    saved = load_tour(out)
    assert saved.steps[2].caption == "Leaning back squeezes these two small joints."
    assert [s.caption for i, s in enumerate(saved.steps) if i != 2] == [
        s.caption for i, s in enumerate(load_tour(TOUR).steps) if i != 2]
    assert saved.steps[2].scene.current_motion() == load_tour(TOUR).steps[2].scene.current_motion()
