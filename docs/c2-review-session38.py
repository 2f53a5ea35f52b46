"""C2 (the axis) reviewed against Gray 1918, "The Epistropheus": one measure per fault (session 38, c2r38, issue 10).

Run from a checkout: ``PYTHONPATH=$PWD python docs/c2-review-session38.py [--lod fine]``. It prints one line per fault
of docs/c2-review-session38.md, measured on the shipped meshes in C2's local frame (x to the patient's left, y
forward, z up; mm). No display needed.
"""

import argparse

import numpy as np

from spineviz.anatomy.spine import load_spine


def _hits(mesh, a, b) -> np.ndarray:
    pts, _ = mesh.ray_trace(np.asarray(a, float), np.asarray(b, float))
    return np.asarray(pts).reshape(-1, 3)


def _top(mesh, x: float, y: float) -> float:
    h = _hits(mesh, (x, y, 40.0), (x, y, -40.0))
    return float(h[:, 2].max()) if len(h) else np.nan


def lamina_band_from_above(spine, name: str, side: str, t: float) -> float:
    """The band (mm) a lamina shows from above at ``t`` along it (0 mid-length, +1 the spine's root).

    Its section square to it, horizontal extent (as tests/anatomy/test_cervical_laminae_above.py measures C3-C7).
    """
    from tests.anatomy.test_cervical_laminae_above import _band_from_above

    return _band_from_above(spine, name, side, t)


def transverse_fang(mesh, sx: float = 1.0) -> tuple[float, float]:
    """The transverse process seen from the left: its hang and its breadth (mm).

    How far it hangs below the lateral mass's lower border (z -3 mm, read off the left view) and its breadth front to
    back halfway down that hang (bone more than 19 mm out, between the inferior facet's front and the body's front:
    y -9.5 to 1.5 mm).
    """
    p = np.asarray(mesh.points)
    x = sx * p[:, 0]
    tp = p[(x > 19.0) & (p[:, 1] > -9.5) & (p[:, 1] < 1.5)]
    floor = -3.0
    hang = floor - float(tp[:, 2].min())
    mid = floor - 0.5 * hang
    band = tp[np.abs(tp[:, 2] - mid) < 0.5]
    return hang, float(np.ptp(band[:, 1]))


def spine_top_sags(mesh, lm) -> list[float]:
    """The spine's top sag (mm) at the midline under its crests at 30-80 % of base to tip.

    As tests/anatomy/test_axis_spine_top.py measures it.
    """
    from tests.anatomy.test_axis_spine_top import spine_top_sag

    return [round(spine_top_sag(mesh, lm, at), 2) for at in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)]


def spine_top_kink(mesh, lm) -> tuple[float, float]:
    """The spine's midline top from the side: its largest turn of slope and where.

    The largest change of slope (degrees) within 3 mm along it, from 10 to 90 % of base to tip, and where (fraction).
    As tests/anatomy/test_axis_spine_top.py measures it (session 38, c2r38b).
    """
    from tests.anatomy.test_axis_spine_top import spine_top_turn

    return spine_top_turn(mesh, lm)


def dens_back_outline(mesh, lm) -> tuple[float, float]:
    """The dens's back in the midline: its groove's depth and the knob above it (mm).

    The groove's depth under the chord joining the outline 3 mm below and 3 mm above the groove's level, and the most
    the back stands out behind the line joining the groove's level to 3 mm under the apex (a knob above the groove).
    """
    g, tip = np.array(lm["dens_groove"]), np.array(lm["dens_tip"])

    def back(z):
        h = _hits(mesh, (0.0, -30.0, z), (0.0, 10.0, z))
        return float(h[:, 1].min()) if len(h) else np.nan

    zg = g[2]
    below, at, above = back(zg - 3.0), back(zg), back(zg + 3.0)
    groove = at - 0.5 * (below + above)  # back is toward -y: a groove lies forward of the chord
    top = tip[2] - 3.0
    zs = np.arange(zg, top, 0.25)
    ys = np.array([back(z) for z in zs])
    chord = ys[0] + (zs - zs[0]) * (ys[-1] - ys[0]) / (zs[-1] - zs[0])
    return groove, float(np.nanmax(chord - ys))


def lip_from_the_left(mesh, lm) -> tuple[float, float]:
    """The anterior-inferior lip in the midline: its hang and its depth (mm).

    How far it hangs below the body's underside 6 mm behind its front, and its depth front to back 1 mm above its
    lowest point.
    """
    lip = np.array(lm["anterior_inferior_lip"])
    hz = _hits(mesh, (0.0, lip[1], -30.0), (0.0, lip[1], 0.0))[:, 2].min()
    under = _hits(mesh, (0.0, lip[1] - 6.0, -30.0), (0.0, lip[1] - 6.0, 0.0))[:, 2].min()
    z = hz + 1.0
    h = _hits(mesh, (0.0, 20.0, z), (0.0, -10.0, z))[:, 1]
    return float(under - hz), float(h.max() - h.min()) if len(h) > 1 else 0.0


def main(argv=None) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--lod", default="default")
    a = p.parse_args(argv)
    spine = load_spine(lod=a.lod)
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    c2 = [round(lamina_band_from_above(spine, "C2", "right", t), 1) for t in (-0.25, 0.0, 0.5)]
    c3 = [round(lamina_band_from_above(spine, "C3", "right", t), 1) for t in (-0.25, 0.0, 0.5)]
    print(f"1 laminae from above: band near pillar / mid-length / toward root, C2 {c2} mm, C3 {c3} mm "
          f"(C3-C7 floor at mid-length 7.8)")
    hang, breadth = transverse_fang(mesh)
    print(f"2 transverse process from the left: hangs {hang:.1f} mm below the lateral mass, {breadth:.1f} mm front to "
          f"back halfway down (length / breadth {hang / breadth:.1f})")
    print(f"3 spine's top at the midline under its crests, 30-80 % of its length: {spine_top_sags(mesh, lm)} mm")
    turn, at = spine_top_kink(mesh, lm)
    print(f"4 spine's top from the side: its slope turns {turn:.0f} degrees within 3 mm at {at:.2f} of its length")
    groove, knob = dens_back_outline(mesh, lm)
    print(f"5 dens's back from the left: groove {groove:.2f} mm under its chord, back above it {knob:.2f} mm proud")
    hang, depth = lip_from_the_left(mesh, lm)
    print(f"6 anterior-inferior lip: hangs {hang:.1f} mm below the underside, {depth:.1f} mm front to back 1 mm above "
          f"its lowest point")


if __name__ == "__main__":
    main()
