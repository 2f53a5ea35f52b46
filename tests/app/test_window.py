import pytest

pytestmark = pytest.mark.gui


def test_window_shows_the_spine_and_closes_twice(qtbot):
    from spineviz.app.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert len(w.actors.bones) == 25 and len(w.actors.cartilage) == 96
    w.close()
    w.close()
