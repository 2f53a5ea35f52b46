"""Session 32: what the side panels cost at their pace while Play runs, and Qt's repaint of them (one process).

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session32-panels.py [BLOCKS]``. Raw output: docs/performance-session32-panels.txt.

The benchmark's window playing the whole spine (``bench.playing_window``). Three ways, interleaved in blocks (the
order turned every other block), each block's ways starting from the same moment:

- ``before``: the panels as before session 32 (``AngleSlider.repaint_moved_only``, ``AngleBox.repaint_text_only``
  and ``MotionPanel.skip_unchanged`` off: every new value repaints its slider and its whole number box with what is
  under them, the clamped note is worded again, the region box searched);
- ``after``: all three on;
- ``after, whole box``: ``after`` but for the number boxes, repainted whole as before (the box's share);
- ``closed``: ``after`` with the Motion and Display docks hidden (what is left when nothing of them is on screen).

Part 1, a pass of the panels: a tick of Play 200 ms on (``PANEL_MS``, the stand-in clock), its frame drawn and its
events done, then, timed on the main thread (``time.thread_time``): ``live._pass_on()`` (the panels' slot, each
panel's own share timed too) and the ``processEvents`` after it (Qt's repaint of what the slot changed). An event
filter counts the paint events each kind of widget gets, their rectangles' area, update requests, layout requests
and polish events.

Part 2, frames as the benchmark draws them (``live._tick`` then ``processEvents``; the stand-in clock of session 30,
16 ms a tick and one in five 20 ms) with the panels' pass every 12th frame (Play's 60 frames a second and the panels'
200 ms) rather than on the wall clock, so both ways get as many passes: main-thread CPU, process CPU and wall time a
frame, median, mean and 90th percentile.
"""
import collections
import random
import statistics
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDockWidget

from spineviz import bench
from spineviz.app.motion_panel import AngleBox, AngleSlider, MotionPanel
from spineviz.scene.state import at_time

blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 8
N1, N2, PACE = 15, 48, 12
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "blocks", blocks, flush=True)
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
live._pace.timeout.disconnect(live._pass_on)  # the script makes the passes: the pace timer does nothing
now = time.thread_time_ns
docks = [window.findChild(QDockWidget, n) for n in ("dockMotion", "dockDisplay")]
print("docks", [d.objectName() if d else None for d in docks], "visible", bench._panels_visible(window), flush=True)


class Clock:
    """``steps`` ms a tick, or session 30's stand-in: 16 ms, one in five 20 ms."""

    def __init__(self, seed: int, ms: int | None = None) -> None:
        self.rng, self.ms = random.Random(seed), ms

    def start(self) -> None:
        pass

    def restart(self) -> int:
        if self.ms is not None:
            return self.ms
        return 20 if self.rng.random() < 0.2 else 16


NAMES = {QEvent.Type.Paint: "paint", QEvent.Type.UpdateRequest: "update request",
         QEvent.Type.LayoutRequest: "layout request", QEvent.Type.Polish: "polish",
         QEvent.Type.StyleChange: "style change"}
events: collections.Counter = collections.Counter()


class Seen(QObject):
    def eventFilter(self, obj, event):
        kind = NAMES.get(event.type())
        if kind is not None:
            events[kind] += 1
            if kind == "paint":
                name = type(obj).__name__ + (f"#{obj.objectName()}" if obj.objectName() else "")
                events["paint: " + name] += 1
                events["area: " + name] += event.rect().width() * event.rect().height()
                events["paint area (px)"] += event.rect().width() * event.rect().height()
        return False


seen = Seen()
app.installEventFilter(seen)
slot_ns: collections.Counter = collections.Counter()
live.paced.disconnect()  # each panel's share of the slot: their slots connected again through a timer
links = [o for o in window.findChildren(QObject) if type(o).__name__ == "PainMapLink"]
SLOTS = {"motion": window.motion_panel._paced, "layers": window.layers_panel._paced,
         "info": lambda *_a: window.info_panel.refresh(),
         **{f"pain map {i}": k._state_changed for i, k in enumerate(links)}}


def timed_slot(key, own):
    def timed(new, old):
        t = now()
        own(new, old)
        slot_ns[key] += now() - t
    return timed


for key, own in SLOTS.items():
    live.paced.connect(timed_slot(key, own))
print("the panels' slots:", list(SLOTS), flush=True)


def way(name: str) -> None:
    on = name != "before"
    AngleSlider.repaint_moved_only = on
    AngleBox.repaint_text_only = on and name != "after, whole box"
    for row in window.motion_panel.rows.values():
        row.box.lineEdit().setAutoFillBackground(AngleBox.repaint_text_only)
    MotionPanel.skip_unchanged = on
    for d in docks:
        d.setVisible(name != "closed")
        if name != "closed":
            d.raise_()  # a dock shown again in a tab group is not always its current tab
    for _ in range(3):
        app.processEvents()
    shown = [window.motion_panel.isVisible(), window.layers_panel.isVisible()]
    assert shown == [name != "closed"] * 2, (name, shown)


def from_moment(b: int, ms: int | None) -> None:
    live._clock = Clock(32 + b, ms)
    live.set_state(at_time(live.state, 0.5 + 0.37 * b))
    live._pass_on()
    app.processEvents()
    live._tick()
    live._pass_on()
    app.processEvents()


WAYS = ("before", "after", "after, whole box", "closed")
rec = {w: collections.defaultdict(list) for w in WAYS}
counts = {w: collections.Counter() for w in WAYS}
for b in range(blocks):
    for w in (WAYS if b % 2 == 0 else WAYS[::-1]):
        way(w)
        from_moment(b, 200)
        for _ in range(N1):
            live._tick()
            app.processEvents()
            events.clear()
            slot_ns.clear()
            c, t0 = time.process_time(), now()
            live._pass_on()
            t1 = now()
            app.processEvents()
            t2 = now()
            deadline = time.perf_counter() + 0.03  # Qt asks its window for the repaint on a timer (5 ms on xcb)
            while events["paint"] == 0 and time.perf_counter() < deadline:
                time.sleep(0.001)
                seen_before = sum(events.values())
                a = now()
                app.processEvents()
                if sum(events.values()) != seen_before:  # the pass that delivered it (the idle ones not counted)
                    t2 += now() - a
            r = rec[w]
            r["pass: slot"].append(t1 - t0)
            r["pass: Qt after it"].append(t2 - t1)
            r["pass: both"].append(t2 - t0)
            r["pass: process CPU"].append((time.process_time() - c) * 1e9)
            for k in SLOTS:
                r[f"slot: {k}"].append(slot_ns[k])
            counts[w].update(events)
            counts[w]["passes"] += 1
    for w in (WAYS if b % 2 else WAYS[::-1]):
        way(w)
        from_moment(b, None)
        for i in range(N2):
            before = len(renders)
            wall, c, t = time.perf_counter(), time.process_time(), time.thread_time()
            live._tick()
            if i % PACE == PACE - 1:
                live._pass_on()  # the panels' pace, every 12th frame
            app.processEvents()
            if len(renders) == before:
                window.plotter.ren_win.Render()
            r = rec[w]
            r["frame: main thread"].append((time.thread_time() - t) * 1e9)
            r["frame: process CPU"].append((time.process_time() - c) * 1e9)
            r["frame: wall"].append((time.perf_counter() - wall) * 1e9)
way("after")
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "passes a way", counts["after"]["passes"],
      "frames a way", len(rec["after"]["frame: wall"]), flush=True)


def stats(xs):
    xs = sorted(xs)
    return statistics.median(xs), statistics.fmean(xs), xs[min(len(xs) - 1, int(0.9 * len(xs)))]


W = 27
print("ms: median / mean / p90")
print(f"{'':28s}" + "".join(f"{w:>{W}s}" for w in WAYS))
for key in rec["before"]:
    cells = ["{:.3f} / {:.3f} / {:.3f}".format(*(v / 1e6 for v in stats(rec[w][key]))) for w in WAYS]
    print(f"{key:28s}" + "".join(f"{c:>{W}s}" for c in cells))
for key in rec["before"]:
    d = [stats(rec["after"][key])[i] - stats(rec["before"][key])[i] for i in range(3)]
    print(f"after - before, {key:28s} median {d[0] / 1e6:+.3f} mean {d[1] / 1e6:+.3f} p90 {d[2] / 1e6:+.3f} ms")
print("a pass (means over the passes):")
keys = sorted({k for w in WAYS for k in counts[w]} - {"passes"})
for key in keys:
    print(f"  {key:44s}" + "".join(f"{counts[w][key] / max(1, counts[w]['passes']):{W}.2f}" for w in WAYS))
window.close()
