"""Session 27: docs/performance-session27-ab.py with ways B, E and E2 (E, then ``gc.collect()`` first), 12 blocks.

Run from the perf27 checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session27-ab-be.py``. Output: run 2 in docs/performance-session27-ab.txt.
"""
import gc  # noqa: F401 (the script run below calls it)
import sys

sys.argv = ["x", "12"]
src = open("docs/performance-session27-ab.py").read()
src = src.replace('''        "B80 names on the tick, Play's budget": (CYCLE_BUDGET_MS, False),
        "E80 names with the cycle, Play's budget": (CYCLE_BUDGET_MS, True)}''',
                  '''        "E2 names with the cycle, then gc.collect()": (None, True)}''')
src = src.replace('''    bench._hold_clock(live)
    live._clock = Clock()
    got = results[way]''', '''    bench._hold_clock(live)
    live._clock = Clock()
    if way.startswith("E2"):
        gc.collect()
    got = results[way]''')
exec(compile(src, "ab_be", "exec"))
