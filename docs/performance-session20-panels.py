"""Session 20 (issue 13): what the side panels cost each time Play passes them a new moment.

Run from a checkout's root under a display: ``PYTHONPATH=$PWD xvfb-run -a python
docs/performance-session20-panels.py``. The window at 1280x800 with its docks, loads coloured, the L4/5 left
joint selected, playing flexion-extension with the clock held; each refresh is one new moment passed to the
panels (``LiveScene._pass_on``, what the pace timer does every ``PANEL_MS``) and Qt's events after it. Prints,
per block of 60 refreshes, the median wall and CPU milliseconds and the ``QEvent.LayoutRequest`` events a
refresh (any widget of the app), then the cost of a new most-loaded text (``setText`` and Qt's events).
Raw output of session 20's runs: docs/performance-session20-panels.txt.
"""

import statistics
import tempfile
import time
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication, QDockWidget

from spineviz.app.window import MainWindow


class Count(QObject):
    def __init__(self):
        super().__init__()
        self.n = {}

    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.LayoutRequest:
            key = obj.objectName() or type(obj).__name__
            self.n[key] = self.n.get(key, 0) + 1
        return False


app = QApplication.instance() or QApplication([])
settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)  # not the user's
w = MainWindow(settings=settings)
w.resize(1280, 800)
w.show()
settled = time.monotonic() + 0.6  # the docks settle their sizes in the first turns of the event loop
while time.monotonic() < settled:
    app.processEvents()
    time.sleep(0.02)
prepare = getattr(w.viewport, "prepare_detail", None)  # the coarse bones now, not during the measure
if prepare is not None:
    prepare()
for _ in range(10):
    app.processEvents()
docks = {d.objectName(): d for d in w.findChildren(QDockWidget)}
live = w.live
live.update(loads=True)
live.select("L4/5 left")
live.play("flexion_extension")
live.timer.start(2**31 - 1)
for _ in range(20):
    app.processEvents()
counter = Count()
app.installEventFilter(counter)
anim = live.state.animation
step = [0]


def refresh_times(n, label):
    times, counts, cpus = [], [], []
    for _ in range(n):
        step[0] += 1
        live.update(animation=replace(anim, time=round(anim.cycle * (step[0] % 40) / 40, 6)))
        app.processEvents()
        counter.n.clear()
        t, c = time.perf_counter(), time.process_time()
        live._pass_on()
        app.processEvents()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        counts.append(dict(counter.n))
    per = {}
    for c in counts:
        for k, v in c.items():
            per[k] = per.get(k, 0) + v / n
    print(f"{label}: refresh median {statistics.median(times) * 1e3:.2f} ms (cpu {statistics.median(cpus) * 1e3:.2f}), "
          f"layout requests/refresh total {sum(per.values()):.2f}: {per}")


refresh_times(40, "warm-up")
for dock in ("dockDisplay", "dockInformation") * 3:
    docks[dock].raise_()
    for _ in range(5):
        app.processEvents()
    refresh_times(60, f"{dock} raised")

docks["dockDisplay"].raise_()
for _ in range(5):
    app.processEvents()
texts = [f"Most loaded: L5/S1 left ({100 + i} N), L4/5 right ({90 + i % 7} N), L3/4 left ({80 + i % 3} N)"
         for i in range(60)]
most = w.layers_panel.most
steady = hasattr(most, "widest_digits")  # SteadyLabel (session 20) or a plain QLabel (before)
widest = "Most loaded: T12/L1 right (888 N), T12/L1 right (888 N), T12/L1 right (888 N)"
room = [most.widest_digits(widest)] if steady else None
ts = []
for t_ in texts * 3:
    t = time.perf_counter()
    if steady:
        most.setText(t_, room)
    else:
        most.setText(t_)
    app.processEvents()
    ts.append(time.perf_counter() - t)
print(f"new most-loaded text: median {statistics.median(ts) * 1e3:.3f} ms, mean {statistics.mean(ts) * 1e3:.3f}")
live.pause()
w.close()
