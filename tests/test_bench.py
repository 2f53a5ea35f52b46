"""The benchmark's report: issue 13's figures at the top level of the JSON, and a table that shows them.

Timings are never asserted (machines are noisy); this checks what the benchmark writes from what it measured.
"""

import statistics
import time

import pytest

from spineviz import bench

FRAME = {"app_frame_ms": 40.0, "floor_frame_ms": 38.0, "ratio": 40.0 / 38.0, "fps": 25.0, "triangles_drawn": 67163,
         "full_detail_frame_ms": 90.0, "full_detail_triangles": 329664, "lod_speedup": 2.25}
REGION = {**FRAME, "app_frame_ms": 20.0, "fps": 50.0, "ratio": 1.02}
RESULTS = {
    "model": {"pose_plus_loads_ms": 0.13, "floor_batched_matmul_ms": 0.002, "ratio": 65.0},
    "meshes": {"load_mesh_set_s": 0.4, "build_s": 4.8, "build_levels": "C5, T6, L4 (quick)", "ratio": 12.0},
    "gui": {
        "startup": {"app_s": 2.9, "floor_s": 3.1, "ratio": 2.9 / 3.1},
        "frame": {"all": FRAME, "lumbar": REGION},
        "exports": {"gif_s": 4.5, "png_s": 1.8},
        "memory": {"app_mb": 570.0, "floor_mb": 560.0, "ratio": 570.0 / 560.0, "animated_seconds": 60.0},
    },
}


def test_headline_carries_each_figure_the_issue_names():
    top = bench.headline(RESULTS)
    assert top["animated_fps"] == FRAME["fps"]
    assert top["region_fps"] == REGION["fps"]
    assert top["frame_ratio"] == FRAME["ratio"]
    assert top["first_frame_s"] == 2.9
    assert top["gif_export_s"] == 4.5 and top["png_export_s"] == 1.8
    assert top["peak_memory_ratio"] == RESULTS["gui"]["memory"]["ratio"]
    assert top["memory_animated_seconds"] == 60.0


def test_headline_is_empty_without_the_window_figures():
    assert bench.headline({k: v for k, v in RESULTS.items() if k != "gui"}) == {}


def _rows(text: str) -> dict[str, list[str]]:
    import re

    return {cols[0]: cols[1:] for cols in (re.split(r"\s{2,}", line.strip()) for line in text.splitlines())}


def test_table_shows_frames_a_second_exports_and_the_detail_saving():
    rows = _rows(bench.table(RESULTS))
    assert rows["= frames a second, whole spine"][0] == "25.0"
    assert rows["= frames a second, lumbar region"][0] == "50.0"
    assert rows["animated frame, whole spine (ms)"] == ["40.0", "38.0", "1.053"]
    assert rows["same frames at full detail (ms)"] == ["90.0", "-", "2.25x"]
    assert rows["GIF, region 2 s 20 fps 800x800 (s)"][0] == "4.50"
    assert rows["PNG, whole spine 1200x1600 (s)"][0] == "1.80"


def test_table_shows_the_ticks_that_write_the_facet_properties_against_the_bare_render():
    frame = {**FRAME, "properties_each_tick_frame_ms": 50.0, "properties_each_tick_ratio": 50.0 / 38.0}
    results = {**RESULTS, "gui": {**RESULTS["gui"], "frame": {"all": frame, "lumbar": REGION}}}
    rows = _rows(bench.table(results))
    assert rows["same ticks writing the facet properties (ms)"] == ["50.0", "38.0", "1.316"]


def test_the_comparison_ticks_settle_the_properties_and_then_the_app_path_returns():
    class Actors:
        def __init__(self):
            self.calls = []

        def set_facet_colours(self, colours, *, settle=True):
            self.calls.append(settle)

    class Renderer:
        prepared_writes = True

    actors, renderer = Actors(), Renderer()
    with bench._properties_each_tick(actors, renderer):
        actors.set_facet_colours("c", settle=False)  # a tick of Play asks not to settle: the bench overrides it
        assert renderer.prepared_writes is False, "a prepared write would call no set_facet_colours (session 34)"
    actors.set_facet_colours("c", settle=False)
    assert actors.calls == [True, False]
    assert renderer.prepared_writes is True


def test_table_shows_what_the_distant_bones_save_when_they_were_drawn():
    frame = {**FRAME, "coarse_bones_frame_ms": 48.0, "coarse_bones_triangles": 91891, "distant_speedup": 1.2}
    results = {**RESULTS, "gui": {**RESULTS["gui"], "frame": {"all": frame, "lumbar": REGION}}}
    rows = _rows(bench.table(results))
    assert rows["same frames, 1,500-triangle bones (ms)"] == ["48.0", "-", "1.20x"]
    assert "same frames, 1,500-triangle bones (ms)" not in _rows(bench.table(RESULTS)), "only when measured"
    frame["distant_cpu_speedup"] = 1.31
    rows = _rows(bench.table({**results, "gui": {**results["gui"], "frame": {"all": frame, "lumbar": REGION}}}))
    assert rows["same frames, 1,500-triangle bones (ms)"] == ["48.0", "-", "1.20x (CPU 1.31x)"]


def test_table_shows_the_memory_against_the_old_close_up_floor_too():
    memory = {**RESULTS["gui"]["memory"], "closeup_mb": 500.0, "ratio_closeup": 570.0 / 500.0}
    results = {**RESULTS, "gui": {**RESULTS["gui"], "memory": memory}}
    rows = _rows(bench.table(results))
    assert rows["against the old floor, a close-up of L4-S1 (MB)"] == ["570", "500", "1.14"]
    assert rows["peak memory after 60 s (MB)"] == ["570", "560", "1.02"], "the headline row is the framed floor's"
    assert bench.headline(results)["peak_memory_ratio"] == 570.0 / 560.0
    assert "against the old floor, a close-up of L4-S1 (MB)" not in _rows(bench.table(RESULTS)), "only when measured"


def _parts_in_view(plotter) -> tuple[int, int]:
    """How many of the floor's bones and cartilage layers have their centre inside the picture, of how many."""
    from vtkmodules.vtkRenderingCore import vtkCoordinate

    ren, inside, parts = plotter.renderer, 0, 0
    actors = ren.GetActors()
    actors.InitTraversal()
    for _ in range(actors.GetNumberOfItems()):
        actor = actors.GetNextActor()
        if not actor.GetPickable():  # the bones and the cartilage are pickable, the discs not
            continue
        parts += 1
        b = actor.GetBounds()
        place = vtkCoordinate()
        place.SetCoordinateSystemToWorld()
        place.SetValue((b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2)
        x, y = place.GetComputedDoubleViewportValue(ren)
        width, height = ren.GetSize()
        inside += 0 <= x <= width and 0 <= y <= height
    return inside, parts


@pytest.mark.gui
def test_the_floor_shows_the_whole_spine_and_the_old_close_up_does_not(qtbot):
    """The start-up and memory floor must draw the picture the app draws: software OpenGL's per-frame memory
    grows with the triangles in view. Until session 17 its camera (PyVista's, set when the first part was added)
    showed the lowest vertebrae only; the close-up is still measured for comparison, and if it ever shows the
    whole spine the extra figure is no longer needed and this test says so."""
    from PySide6.QtWidgets import QMainWindow

    counts = {}
    for framed in (False, True):
        window = QMainWindow()
        qtbot.addWidget(window)
        plotter = bench._bare_plotter(window) if framed else bench._bare_plotter(window, framed=False)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        plotter.render()
        counts[framed] = _parts_in_view(plotter)
        plotter.close()
        window.close()
    (framed, parts), (unframed, _) = counts[True], counts[False]
    assert framed == parts > 100, counts  # 25 bones and 96 cartilage layers, all in the picture
    assert unframed < parts / 2, counts  # 11 of them on this project's meshes


def test_the_time_play_takes_to_prepare_its_cycle_is_at_the_top_and_in_the_table():
    """Session 26: pressing Play works out the whole cycle before the first tick; its wall time is a figure."""
    frame = {**FRAME, "play_start_ms": 123.4, "play_start_cpu_ms": 100.0, "cycle_moments": 1651}
    results = {**RESULTS, "gui": {**RESULTS["gui"], "frame": {"all": frame, "lumbar": REGION}}}
    assert bench.headline(results)["play_start_ms"] == 123.4
    assert _rows(bench.table(results))["Play pressed: 1651 moments prepared (ms)"] == ["123", "-", "-"]


def test_frames_at_plays_own_pace_are_at_the_top_and_in_the_table():
    """Session 27: the frame timed from its tick to its render with Play's own timer and the gaps' preparation."""
    paced = {"all": {"paced_frame_ms": 15.3, "floor_frame_ms": 14.6, "ratio": 15.3 / 14.6},
             "lumbar": {"paced_frame_ms": 12.0, "floor_frame_ms": 11.0, "ratio": 12.0 / 11.0}}
    results = {**RESULTS, "gui": {**RESULTS["gui"], "frame": {"all": FRAME, "lumbar": REGION, "paced": paced}}}
    top = bench.headline(results)
    assert top["paced_frame_ratio"] == paced["all"]["ratio"]
    assert top["region_paced_frame_ratio"] == paced["lumbar"]["ratio"]
    assert top["frame_ratio"] == FRAME["ratio"]  # the back-to-back figure stays the issue's headline
    rows = _rows(bench.table(results))
    assert rows["frame at Play's pace, first pass, whole spine (ms)"] == ["15.3", "14.6", "1.048"]
    assert rows["frame at Play's pace, first pass, lumbar region (ms)"] == ["12.0", "11.0", "1.091"]


@pytest.mark.gui
def test_paced_frames_time_each_drawn_tick_and_give_play_its_own_tick_back(qtbot):
    """The paced measure times frames Play's own timer makes (each from its tick to the render that shows it),
    then hands the timer back to the app's tick: Play goes on advancing after it."""
    app, window, renders = bench.frames_window()
    live = window.live
    try:
        live.play("extension_rotation")
        out = {"wall": [], "cpu": [], "hits": 0, "misses": 0}
        before = live.frames
        # 3 s, not 0.6: at load 13-16 (CI of session 32, 6 December 2026, and the helpers' runs of sessions 28-32)
        # the window's first frames took the whole 0.6 s and none was timed; the checks below are unchanged.
        began = time.perf_counter()
        bench._paced_frames(app, window, 3.0, renders, out)
        elapsed = time.perf_counter() - began
        ticked = live.frames - before
        assert 3 <= len(out["wall"]) <= ticked, (len(out["wall"]), ticked)  # one per drawn tick, none invented
        # each frame from its own tick to its render: the frames are apart in time, so together they fit in the
        # measure's own wall time (frames timed from the measure's start, or from a tick before the last frame's,
        # would overlap and add up to more). Session 39: no limit in seconds on a frame, which a loaded CI machine
        # broke in sessions 37 and 38 (a first frame of 0.6 s or more; it passed alone).
        assert all(w > 0 for w in out["wall"])
        assert sum(out["wall"]) <= elapsed, (sum(out["wall"]), elapsed)
        assert not live.timer.isActive()
        live.timer.start()
        qtbot.waitUntil(lambda: live.frames > before + ticked + 2, timeout=5000)  # the app's own tick again
        assert len(out["wall"]) <= ticked  # and the measure no longer listens
    finally:
        live.pause()
        window.close()


def test_the_paired_ratio_is_the_median_of_each_frames_ratio_to_the_bare_render_after_it():
    """Session 30: ``paired_ratio`` is the median of the pairs' own ratios, not the ratio of the two medians.

    Three pairs at 1.1 and two whose app frames were quick for their bare renders (0.5): the pairs say 1.1, while
    the medians of each kind, taken apart from different pairs, would say 22 / 30.
    """
    paired = {"app": [0.011, 0.022, 0.033, 0.020, 0.025], "bare": [0.010, 0.020, 0.030, 0.040, 0.050]}
    for kind in ("cpu", "thread"):
        paired[f"app_{kind}"] = [2 * a for a in paired["app"]]
        paired[f"bare_{kind}"] = [3 * b for b in paired["bare"]]
    fig = bench._paired_figures(paired)
    assert fig["paired_ratio"] == pytest.approx(1.1)
    assert fig["paired_cpu_ratio"] == fig["paired_thread_ratio"] == pytest.approx(1.1 * 2 / 3)
    assert fig["paired_app_frame_ms"] == pytest.approx(22.0) and fig["paired_floor_frame_ms"] == pytest.approx(30.0)
    assert fig["pairs"] == 5
    assert bench._paired_figures({k: [] for k in paired}) == {}


def test_the_paired_ratio_is_the_headline_and_the_blocks_figure_stays_beside_it():
    """Session 30: with pairs timed, ``frame_ratio`` is theirs; the blocks' figure (until session 29) stays."""
    frame = {**FRAME, "paired_ratio": 1.07, "paired_app_frame_ms": 41.0, "paired_floor_frame_ms": 38.5}
    region = {**REGION, "paired_ratio": 1.03, "paired_app_frame_ms": 20.5, "paired_floor_frame_ms": 20.0}
    results = {**RESULTS, "gui": {**RESULTS["gui"], "frame": {"all": frame, "lumbar": region}}}
    top = bench.headline(results)
    assert top["frame_ratio"] == 1.07 and top["region_frame_ratio"] == 1.03
    assert top["frame_ratio_blocks"] == FRAME["ratio"] and top["region_frame_ratio_blocks"] == REGION["ratio"]
    rows = _rows(bench.table(results))
    assert rows["animated frame, whole spine (ms)"] == ["40.0", "38.0", "1.053"]  # the blocks' row, as before
    assert rows["each against a bare render right after it, whole spine (ms)"] == ["41.0", "38.5", "1.070"]
    assert rows["each against a bare render right after it, lumbar region (ms)"] == ["20.5", "20.0", "1.030"]
    assert bench.headline(RESULTS)["frame_ratio"] == FRAME["ratio"], "no pairs timed: the blocks' figure"


@pytest.mark.gui
def test_each_pair_is_a_tick_drawn_then_one_bare_render_of_the_same_picture(qtbot):
    """Session 30: a pair is one tick of Play and its render, then one render with nothing changed in between."""
    app, window, renders = bench.frames_window()
    live = window.live
    try:
        live.play("extension_rotation")
        bench._hold_clock(live)
        bench._app_frames(app, window, 2, renders)
        seen = []  # (renders so far, the animation's time) at the start of each render
        window.plotter.ren_win.AddObserver("StartEvent", lambda *_: seen.append((len(renders),
                                                                                  live.state.animation.time)))
        out = {k: [] for k in ("app", "bare", "app_cpu", "bare_cpu", "app_thread", "bare_thread")}
        frames = live.frames
        bench._paired_frames(app, window, 4, renders, out)
        assert live.frames == frames + 4, "one tick a pair"
        assert len(seen) == 8, seen  # two renders a pair, no more
        times = [t for _n, t in seen]
        assert times[0::2] == times[1::2], "each bare render draws the moment of the frame before it"
        assert len(set(times[0::2])) == 4, "and each pair's tick moved the animation on"
        assert all(len(v) == 4 and all(x >= 0 for x in v) for v in out.values())
        assert all(w > 0 for w in out["app"] + out["bare"])
    finally:
        live.pause()
        window.close()


def _split_lists(render: float, observers: float, n: int = 3) -> dict:
    return {"render": [render] * n, "render_cpu": [2 * render] * n, "render_thread": [render / 2] * n,
            "observers_thread": [observers] * n}


def test_the_pairs_split_takes_each_frames_render_apart_from_the_rest_pair_by_pair():
    """Session 36: each frame's VTK render (timed inside it) against the bare render's, and the frame less it."""
    paired = {"app": [0.020, 0.030, 0.040], "bare": [0.016, 0.024, 0.032], "app_cpu": [0.040, 0.060, 0.080],
              "bare_cpu": [0.032, 0.048, 0.064], "app_thread": [0.010, 0.015, 0.020],
              "bare_thread": [0.008, 0.012, 0.016]}
    paired.update({f"app_{k}": [0.017, 0.025, 0.034] if k == "render" else v
                   for k, v in _split_lists(0.0, 0.0003).items()})
    paired["app_render_cpu"] = [0.036, 0.054, 0.072]
    paired["app_render_thread"] = [0.007, 0.011, 0.015]
    paired.update({f"bare_{k}": v for k, v in _split_lists(0.0, 0.0001).items()})
    paired["bare_render"] = [0.0159, 0.0239, 0.0319]
    paired["bare_render_cpu"] = [0.0319, 0.0479, 0.0639]
    paired["bare_render_thread"] = [0.0079, 0.0119, 0.0159]
    split = bench._split_figures(paired)
    assert split["app"]["render_ms"] == pytest.approx(25.0) and split["bare"]["render_ms"] == pytest.approx(23.9)
    assert split["app"]["rest_ms"] == pytest.approx(5.0)  # 30 - 25: the tick outside the render and the events
    assert split["app"]["rest_thread_ms"] == pytest.approx(4.0)
    assert split["bare"]["rest_ms"] == pytest.approx(0.1)
    assert split["app"]["observers_thread_ms"] == pytest.approx(0.3)
    assert split["render_ratio"] == pytest.approx(statistics.median([17 / 15.9, 25 / 23.9, 34 / 31.9]))
    assert split["excess_ms"] == pytest.approx(6.0)  # the middle pair's 30 - 24
    assert split["excess_render_ms"] == pytest.approx(1.1)
    assert split["excess_rest_ms"] == pytest.approx(4.9)
    assert split["excess_observers_thread_ms"] == pytest.approx(0.2)
    assert split["excess_vtk_thread_ms"] == pytest.approx((7.0 - 0.3) - (7.9 - 0.1))  # the renders less observers
    assert bench._split_figures({k: [] for k in paired}) == {}
    pairs_only = ("app", "bare", "app_cpu", "bare_cpu", "app_thread", "bare_thread")
    assert bench._split_figures({k: paired[k] for k in pairs_only}) == {}, "no split without its lists"


def test_the_split_and_the_changed_floor_are_in_the_table_and_the_floor_beside_frame_ratio():
    """Session 36: the split's rows under the pairs' row; the changed floor's ratio a key of its own beside
    ``frame_ratio``, which stays the pairs' (the lead decides which floor the goal is measured on)."""
    split = {"app": {"render_ms": 15.5, "rest_ms": 1.2}, "bare": {"render_ms": 15.0, "rest_ms": 0.05},
             "render_ratio": 1.033}
    changed = {"objects_touched": 51, "app_ms": 16.9, "touched_ms": 15.4, "frame_ratio": 1.097}
    frame = {**FRAME, "paired_ratio": 1.11, "paired_app_frame_ms": 16.8, "paired_floor_frame_ms": 15.1,
             "paired_split": split, "changed_floor": changed}
    results = {**RESULTS, "gui": {**RESULTS["gui"], "frame": {"all": frame, "lumbar": REGION}}}
    top = bench.headline(results)
    assert top["frame_ratio"] == 1.11 and top["frame_ratio_changed_floor"] == 1.097
    assert top["region_frame_ratio_changed_floor"] is None
    rows = _rows(bench.table(results))
    assert rows["its VTK render against the bare render's (ms)"] == ["15.50", "15.00", "1.033"]
    assert rows["the frame less its render: tick, events (ms)"] == ["1.20", "0.05", "-"]
    assert rows["against a bare render after its 51 VTK changes (ms)"] == ["16.9", "15.4", "1.097"]
    assert "its VTK render against the bare render's (ms)" not in _rows(bench.table(RESULTS)), "only when measured"


@pytest.mark.gui
def test_the_split_times_each_pairs_render_inside_it_and_leaves_the_pairs_as_they_were(qtbot):
    """Session 36: with the split's lists given, each pair's two renders are timed from inside (one render each),
    the renders within their frames, the start observers (the names' layout) within the renders; the pairs' own
    times as before, and no observer left on the render window or the renderer afterwards."""
    app, window, renders = bench.frames_window()
    live = window.live
    try:
        live.play("extension_rotation")
        bench._hold_clock(live)
        bench._app_frames(app, window, 2, renders)
        made = []
        clock_class = bench._RenderClock

        class Kept(clock_class):  # the clocks the pairs make, kept to look at their observers afterwards
            def __init__(self, plotter) -> None:
                super().__init__(plotter)
                made.append(self)

        bench._RenderClock = Kept
        out = {k: [] for k in ("app", "bare", "app_cpu", "bare_cpu", "app_thread", "bare_thread",
                               *(f"{side}_{key}" for side in ("app", "bare") for key in bench.SPLIT))}
        frames, before = live.frames, len(renders)
        try:
            bench._paired_frames(app, window, 4, renders, out)
        finally:
            bench._RenderClock = clock_class
        assert live.frames == frames + 4 and len(renders) == before + 8
        assert all(len(v) == 4 for v in out.values())
        for side in ("app", "bare"):
            for whole, inner in ((side, f"{side}_render"), (f"{side}_thread", f"{side}_render_thread"),
                                 (f"{side}_render_thread", f"{side}_observers_thread")):
                assert all(0 <= i <= w + 1e-4 for w, i in zip(out[whole], out[inner], strict=True)), (whole, inner)
            assert all(r > 0 for r in out[f"{side}_render"])
        assert len(made) == 1 and all(obj.GetCommand(tag) is None for obj, tag in made[0]._tags), "removed"
        fig = bench._split_figures(out)
        assert fig["app"]["rest_ms"] >= 0 and fig["bare"]["rest_ms"] >= 0
    finally:
        live.pause()
        window.close()


@pytest.mark.gui
def test_the_changed_floor_touches_what_a_tick_changes_and_draws_the_same_picture(qtbot):
    """Session 36: the fair floor's census finds the objects a tick of Play changes (every vertebra's matrix, the
    merged colours' uniforms, the names' places), touches no prop (the app watches its actors), and a render after
    touching them draws the bare render's pixels."""
    app, window, renders = bench.playing_window()
    live = window.live
    try:
        for _ in range(200):  # the camera's glide to the region over: then a tick changes the moment alone
            if not window.viewport.camera.moving:
                break
            bench._app_frames(app, window, 1, renders)
        assert not window.viewport.camera.moving
        before = len(renders)
        floor = bench._changed_floor(app, window, 2, renders)
        assert len(renders) == before + 1 + 3 * 3 + 2 * 3, "one app frame, the census's three rounds, two triples"
        classes = floor["classes_touched"]
        assert classes.get("vtkMatrix4x4", 0) >= 24, classes  # the moving vertebrae (all but the sacrum's, at least)
        assert classes.get("vtkCoordinate", 0) >= 10, classes  # the names' places
        assert not any("Actor" in name for name in classes), classes
        assert floor["touched_ms"] > 0 and floor["frame_ratio"] > 0 and floor["triples"] == 2
        objects = bench._state_objects(window.plotter.renderer)
        ren_win = window.plotter.ren_win
        ren_win.Render()
        bare = window.plotter.screenshot(return_img=True).copy()
        changed = [obj for obj in objects if obj.GetClassName() in classes]
        for obj in changed:
            obj.Modified()
        ren_win.Render()
        assert (window.plotter.screenshot(return_img=True) == bare).all()
    finally:
        live.pause()
        window.close()
