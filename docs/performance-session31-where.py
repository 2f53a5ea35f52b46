"""Session 31: which of the benchmark's back-to-back ticks find their moment kept, kind of frame by kind of frame.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session31-where.py [N BLOCKS]`` (default 20 3, the quick benchmark's; raw output:
``docs/performance-session31-where.txt``). Runs ``bench._child_frames`` as the benchmark does and records each tick that
``LiveScene._batch_on_miss`` sees: which kind of frame it is in (the blocks of 20 app frames, the pairs of an app frame
and a bare render, the frames writing the properties each tick; the full-detail and distant-bones frames count with the
blocks), its step, and whether its moment was kept. The benchmark's ``moments_kept_share`` counts the blocks' frames
only.
"""
import contextlib
import sys

from spineviz import bench
from spineviz.app import live_scene as live_module

log: list = []
phase = ["block"]
own_batch = live_module.LiveScene._batch_on_miss


def batch(self, state, steps, key, cycle):
    motion = self._motion_memo[1]
    kept = self._kept.get(motion)
    log.append((state.region, phase[0], steps, kept is not None and kept[0] == key))
    return own_batch(self, state, steps, key, cycle)


live_module.LiveScene._batch_on_miss = batch
own_pairs, own_props = bench._paired_frames, bench._properties_each_tick


def pairs(*args, **kwargs):
    phase[0] = "pair"
    try:
        return own_pairs(*args, **kwargs)
    finally:
        phase[0] = "block"


@contextlib.contextmanager
def props(actors):
    phase[0] = "properties"
    try:
        with own_props(actors):
            yield
    finally:
        phase[0] = "block"


bench._paired_frames, bench._properties_each_tick = pairs, props
n, blocks = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (20, 3)
out = bench._child_frames(n, blocks)
for region in ("all", "lumbar"):
    o = out[region]
    print(f"{region}: moments_kept_share {o['moments_kept_share']:.3f}, frame_ratio (pairs) {o['paired_ratio']:.3f}, "
          f"blocks {o['ratio']:.3f}; app frame {o['app_frame_ms']:.1f} ms, bare {o['floor_frame_ms']:.1f} ms")
    for kind in ("block", "pair", "properties"):
        ticks = [t for t in log if t[0] == region and t[1] == kind]
        if ticks:
            kept = sum(t[3] for t in ticks)
            print(f"  {kind}: {kept} of {len(ticks)} kept; steps " + " ".join(str(t[2]) for t in ticks))
            print("    " + "".join("." if t[3] else "X" for t in ticks))
