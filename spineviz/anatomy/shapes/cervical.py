"""Cervical vertebrae C3-C7: small wide bodies with uncinate lips, articular pillars, bifid spines.

The transverse processes are grooved, with a foramen between anterior and posterior tubercles; the laminae
are thin and slope down and back to a bifid spine (C3-C6) or the long single spine of C7.

The articular pillar (lateral mass) is one column of bone whose upper and lower surfaces are the facets,
sloping at about 45 degrees, so that the pillars stack into the smooth articular column seen from the side.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.pedicle import pedicle_axis
from spineviz.anatomy.shapes.common import (
    Design,
    LocalJoint,
    body,
    canal,
    canal_true_strut,
    facet_axes,
    facet_cut,
    mirror,
    slab,
    spinous_tip_direction,
    strut,
    superellipse,
)
from spineviz.anatomy.tables import LevelDimensions

SIDES = ("right", "left")
# Figures that differ by level are {level: value} tables, their default under DEFAULT, read in one place
# (level_shape); the builders never test a level's name (session 16, cerv16: code review).
DEFAULT = "default"
# Foramen transversarium: mean diameter 5.55 mm (right) and 5.48 mm (left) in 71 dry typical cervical
# vertebrae C3-C6 (Sangari et al. 2015, Anat Res Int 2015:391823); used at C7 too, the nearest measured figure.
FORAMEN_DIAMETER = 5.5
RING_WALL = 2.1  # the bone around the foramen, mm: a ring, not a wire loop
# Issue 10 (sessions 32-33, cerv32, cerv33). The foramen's ring (RING_WALL) stands 2.0 mm clear of the pedicle (see
# _transverse) and 1.5 mm clear of the body's side, so between the body's side in front of the pedicle, the anterior
# root, the pedicle and the ring's medial wall the mesh kept a second, smaller opening 2.6-2.9 mm across (C3-C7, both
# sides), running up through the root of the process beside the foramen and open upward: from the front-oblique, on
# the far side, a dark pit at the junction of the uncinate lip, the process's root and the pillar; from above and
# below, a slit beside the body. On a dry C3-C7 the foramen transversarium is the only opening there: the costal
# process arises from the side of the body in front of it, the posterior root from the arch behind it, and medially
# it is walled by the body and pedicle (Gray 1918, the cervical vertebrae). So a block of bone, as tall as the ring,
# fills the space from FORAMEN_MEDIAL_WALL[0] mm inside the body's side out to FORAMEN_MEDIAL_WALL[1] mm into the
# foramen's rim, from FORAMEN_MEDIAL_WALL[2] mm behind the foramen's back rim to FORAMEN_MEDIAL_WALL[3] mm in front of
# its centre (modelling values [M]; the foramen is carved after every union, so it stays open).
# Session 37 (cerv37, issue 10): at C3-C6 the block runs on 3.0 mm in front of the foramen's centre (was 2.0) [M]. Its
# rounded front edge stood just behind the anterior bar's root, and between that edge, the bar's root and the body's
# rounded upper rim the top of the bone held a dimple 0.30-0.39 mm deep (water poured on it, seen from above), a dark
# spot from the front-oblique at the junction of body, costal bar and foramen; now 0.18-0.22
# (tests/anatomy/test_cervical_root_pit.py, docs/cervical-review-session37.md). C7 (its slight costal bar) keeps 2.0.
FORAMEN_MEDIAL_WALL: dict[str, tuple[float, float, float, float] | None] = {
    DEFAULT: (1.5, 0.5, 1.5, 2.0), **{name: (1.5, 0.5, 1.5, 3.0) for name in ("C3", "C4", "C5", "C6")}}
# The block alone made the pedicle's lateral wall run on to the foramen's rim 2 mm further out, and test_pedicles.py
# measured C3-C4 at 6.47-6.49 mm (at most 6.33) and C5-C6 at 6.99-7.36 (at most 6.9); setting the whole foramen 2 mm
# in moved the process and failed nine shape limits (cerv32). So only the foramen's medial wall comes in, toward
# the pedicle: the foramen is drawn out FORAMEN_OVAL[0] mm from its centre (a row of circles of its own radius, carved
# as one), FORAMEN_OVAL[1] degrees back from straight medial (toward the pedicle's isthmus): an oval 6.0 by 5.5 mm,
# its long axis mostly side to side, as dry typical cervical foramina are a little wider transversely than from front
# to back (Deepa et al. 2024, Cureus 16:e67143, 150 dry cervical vertebrae: transverse 5.54 +/- 1.06 mm, anteroposterior
# 5.13 +/- 1.25 on the right; Umarvanshi et al. 2024, Int J Life Sci Biotechnol Pharma Res 13(7), 100 dry C3-C7:
# 6.67 and 5.54 mm), its mean within 10 % of FORAMEN_DIAMETER. Its centre (the landmark), its lateral wall and the
# whole process stay where they were. Reach and angle are modelling values [M]: at 0.5 mm the ring test's widest
# radius is 3.24 mm (at most 0.6 x FORAMEN_DIAMETER = 3.3).
FORAMEN_OVAL: dict[str, tuple[float, float] | None] = {DEFAULT: (0.5, 30.0)}
# Laminar thickness: the lower cervical laminae are the thinnest in the spine, 1.9 +/- 0.6 mm at C5
# (Xu et al. 1999, Spine 24:107, 37 spines) and 2.9 mm at C5 in 90 dry spines (Korean J Phys Anthropol
# 1996;9:117); built at 2.6 mm, within that band: a slender plate, not a rod.
LAMINA_THICKNESS = 2.6
# Session 16 (cerv16): C3-C6's band is a thinner plate above its thicker lower bar (LAMINA_BAR), 2.5 mm, still
# within the cited 1.9-2.9 mm, so that with the bar its mean stays within 2.0-3.0 mm (tests); C7 keeps 2.6 [M].
# Session 28 (cerv28): C7's plate 2.5 mm too; tilted to 38 degrees (LAMINA_TILT) at 2.6 mm its upper 3 mm measured
# 2.64 mm thick and its lower 3 mm only 1.28 x that (tests: 1.3); at 2.5, 2.49 and 1.40 x [M].
LAMINA_PLATE = {DEFAULT: 2.5}
# The cervical laminae are "narrow, and thinner above than below" (Gray 1918, the cervical vertebrae): along its
# lower border the plate rolls into a rounded bar LAMINA_BAR mm across, its axis LAMINA_BAR_INSET mm inside the
# border, so that from the side and below the lamina reads as a bony bar sloping down and back to the spine and
# not as a membrane or a box of uniform thickness (issue 10). Working values [M] (no measured border thickness
# read); the plate's mean thickness stays within the cited 2.0-3.0 mm (tests).
# Session 16 (cerv16): 3.4 mm for C3-C6's bands (3.2 before), whose lower edge the brief and Gray call thick and
# rounded below a thin upper edge (at 3.2 the lower 3 mm of the lowered band were 1.29-1.30 x as thick as the upper
# 3 mm; tests: 1.3); C7 keeps 3.2 [M].
# Session 23 (cerv23): C3 and C4 take 3.25 mm, with their lower borders sloping (LAMINA_FOOT_RISE) the 3.4 mm bar
# measured 5.0-5.1 mm thick 2 mm under the lamina's mid-length (tests: <= 5.0, Xu et al. 1999's thickest lamina,
# T2's); their lower 3 mm stay 1.32-1.37 x as thick as the upper 3 mm (tests: 1.3) [M].
LAMINA_BAR = {DEFAULT: 3.4, "C3": 3.25, "C4": 3.25, "C7": 3.2}
LAMINA_BAR_INSET = 1.6
# Session 34 (c7lam34, issue 10: "C7's laminae read as bars from above"): from above C7's plates were two straight
# bars of even width, 8.4-8.5 mm front to back at mid-length and 6.8 where they left the pillars, running into the
# spine's sides at a sharp fork 10 mm behind the canal: a Y with the spine. On a dry C7 the laminae are broad plates
# that overlap the pillars' inner side from above and sweep into the root of the long spine (Gray 1918, "The Seventh
# Cervical Vertebra"; their height grows from C3 to C7: Prabavathy et al., Ital J Anat Embryol, 350 dry C3-C7,
# abstract). Their section at mid-length stays as it was (11.6-11.8 mm tall, within the 9.5-12 mm the tests take
# from Xu et al. 1999); beyond it C7's plate runs on in its own plane behind its lower border (_lamina_web) as two
# webs: C7_LAMINA_WEB = (from this share of the way from the pillar to the spine's root along the lower border; to
# the spine's side this far behind the spinous base along the spine, mm; this far from the midline, mm; mm thick)
# and C7_LAMINA_FOOT_WEB = (from the pillar's end of the lower border to this share of the way; to a point this far
# medial to the pillar's centre, mm, and this far behind it, mm; mm thick). Modelling values [M]: no measured
# outline of C7's laminae from above found. The root's web ends before half the spine's length (at 13 mm it left a
# waist in the shaft at 50-55 %: test_c7_spine_flares_into_a_broad_tubercle_from_above).
C7_LAMINA_WEB = (0.7, 11.5, 3.4, 2.6)
C7_LAMINA_FOOT_WEB = (0.55, 2.7, 9.0, 2.6)
# The lamina's height (upper to lower border, across the plate): about 10 mm in the lower cervical spine, a
# working value [M] (Xu et al. 1999 measured laminar height too; their per-level figures were not read). At
# 8.8 mm and 3.1 mm thick with fully rounded edges the plate read as a rod. Built at 10 mm at the pillar and
# LAMINA_ROOT_HEIGHT at the spine's root, where the plate thickens into the spinous process.
LAMINA_HEIGHT = 8.8
LAMINA_ROOT_HEIGHT = 9.8
# Session 16 (cerv16, issue 10: "the cervical laminae read as plates"). From behind, the plate's upper border met the
# pillar 0.55 x LAMINA_HEIGHT above the pillar's centre, 2-3 mm above the superior facet's posterior (lowest) edge,
# and the root plate filled the pillar's back from there down: laminae and pillars read as one shield as tall as the
# pillars, its upper border a V. On a dry C3-C6 each lamina is a narrow band leaving the posteromedial side of the
# lateral mass below its superior articular process, which stands up above it as the top of the column, and the
# lamina runs down and back to the spine's root, its lower border lying behind the upper border of the lamina below
# like a roof tile (Gray 1918, the cervical vertebrae: "the laminae are narrow"; Standring 2016). So (C3-C6, "band"
# plan) the upper border meets the pillar LAMINA_TOP_BELOW_FACET mm below the superior facet's posterior edge and
# runs nearly level to the spine's root (where it stays as it was), the band hanging LAMINA_HEIGHT below that
# border at the pillar and LAMINA_ROOT_HEIGHT at the root. Modelling values [M], read off posterior and lateral
# views of dry C3-C6; no measured figure for the border's height on the pillar found. The band's measured height
# across it at mid-length stays within Xu et al. 1999's laminar heights (least at C4, 10.4 +/- 1.1 mm, 37 spines,
# Spine 24:107 abstract; tests: 9.5-12 mm). C7 keeps session 15's plate ("plate" plan), closer to T1's.
LAMINA_PLAN = {DEFAULT: "band", "C7": "plate"}
LAMINA_TOP_BELOW_FACET = 2.5
# Hung lower, the band's lower border would reach back past the pillar's back at mid-height (its drawn-in profile:
# test_articular_pillar_back_is_drawn_in_between_its_facets); it leaves the pillar this much (mm) further medially
# than the upper border, where the lamina meets the inferior articular process [M].
LAMINA_FOOT_INSET = 1.5
# Session 23 (cerv23, issue 10): from behind the band read as one flat straight bar between the pillars, its lower
# border level from pillar to spine. On a dry C3-C6 each lamina runs back and medially from the pillar and slopes
# down and back to the spine's root (Gray 1918, "The Cervical Vertebrae"; Standring 2016), so seen from behind its
# lower border falls from the inferior articular process toward the spine, and under the lamina's lateral end a
# notch opens beside the inferior process. The band's lower border is raised LAMINA_FOOT_RISE mm at the pillar and
# lowered LAMINA_ROOT_SINK mm at the spine's root (before the plate's tilt), so its height at mid-length stays
# within Xu et al. 1999's laminar heights (tests: 9.5-12 mm). Modelling values [M]; no measured figure for the
# border's slope seen from behind found. C4 slopes less: sunk 2.5 mm or more at the root, its bifid tubercles
# reached past their 4.5 mm cap (tests). Seen from behind the lower border stands 1.3-2.0 mm higher 0.6 of the way
# out to the pillar than 0.35 of the way (was -0.1 to 0.2: level). C7's plate (LAMINA_PLAN) takes neither.
# Session 28 (cerv28, issue 10: "thin rods from above"): C7's plate takes both, less, so that it broadens into the
# spine's root: from above, a plate sloping down and back shows its upper border with its posterior surface sloping
# away behind it, widening toward the spine (Gray 1918, "The Cervical Vertebrae"). Its lower border is raised 1.8 mm
# at the pillar and lowered 1.5 mm at the root (with LAMINA_TILT's 38 degrees: its band from above 8.6 mm at
# mid-length, 10.4-10.6 halfway on to the root; was 6.8 and 8.0). Its section at mid-length stays 11.6 mm tall (tests:
# 9.5-12; lowered 2.5 mm at the root it measured 12.0) [M]; no measured figure for the border's course found.
LAMINA_FOOT_RISE = {DEFAULT: 3.5, "C4": 3.0, "C7": 1.8}
LAMINA_ROOT_SINK = {DEFAULT: 3.0, "C4": 2.0, "C7": 1.5}
# With the band lowered at the pillar, its plane no longer carries the spine's root up behind the spinous base: the
# stem of a bifid spine (C3-C6) stands SPINE_ROOT_UP mm over its axis at its root (5.0 before), so the root keeps
# the height the plate gave it (at least 5.5 mm over the axis at 15 % of the spine's length, tests) and stands up
# between the laminae from behind; its lower border at the root is SPINE_ROOT_DOWN mm under the axis (5.6 before), so
# that at the end of extension the spine's root clears the root of the spine below (at 7.2 over and 5.6 under, C5's
# underside pressed 0.35 mm into C6's root: test_upper_cervical.py::
# test_cervical_neighbours_touch_only_at_their_joints_at_end_of_range). C4's root stands 7.0 mm over its axis: at
# 6.6 it measured 5.3 mm at 15 % of its length (C3/4 and C4/5 still clear by 1.5 and 0.75 mm at 6.6) [M].
# Session 23 (cerv23): C4 7.3: with its lamina's root lowered (LAMINA_ROOT_SINK) the mesh's vertices there fell
# to 5.3 mm over the axis at 15 % of the spine's length (the surface itself unchanged within 0.02 mm) [M].
SPINE_ROOT_UP = {DEFAULT: 6.6, "C4": 7.3}
SPINE_ROOT_DOWN = 5.0
# Session 29 (cerv29, issue 10): C7's laminae meet further forward. Its straight laminae run from the pillars along
# the canal's posterolateral outline (whose sides bow in toward a rounded apex behind, common._triangle) and slope back
# 38 degrees (LAMINA_TILT), so in the midline they met 2 mm behind the outline's apex at their upper borders and
# 3.3 mm behind it at the body's mid-height: with the spine's root trimmed onto them (SPINE_ROOT_ON_LAMINAE) the canal
# measured 18.3 mm deep there (the table: 14.0). Moving the whole lamina's root forward 2 mm put its middle into the
# canal's cut, and from above its band narrowed from 8.6 to 6.6 mm at mid-length (tests: at least 7.8); lowering its
# upper border at the root keeps the plate's plane, so the junction at mid-height hardly moves. So C7's junction is
# filled forward (_JunctionWedge): bone between the laminae's anterior faces (LAMINA_JUNCTION_INSET mm into them) and
# a face level from side to side (a face leaning forward toward the midline stood into the canal as a tab, 3.5 mm),
# from LAMINA_JUNCTION[0] of the way from the pillar to the spine's root across the midline. That face has the
# laminae's slope and lies LAMINA_JUNCTION[1] mm behind the canal's outline in the midline at z = 0, down to
# LAMINA_JUNCTION[2] mm (local z), and under that turns back LAMINA_JUNCTION[3] degrees from the vertical onto the
# laminae; its creases rounded LAMINA_JUNCTION_ROUND mm. (A separate plate ending in a lower border instead: where
# the spine's root blended with it, its lower border stood forward of the laminae beside it, 2.6-3.5 mm, and its
# corners showed below the laminae from behind; at 60 degrees the face under it ran out behind the laminae's lower
# borders in ragged slivers beside the spine.) Measured (default mesh): C7's canal 14.95 mm deep at the body's
# mid-height (main 15.15 with its tab, table 14.0), the wall's tab 0.04 mm (main 8.3). Modelling values [M]: Gray
# 1918, "The Cervical Vertebrae" (the laminae meet behind the canal, which is triangular) and the table's canal depth
# (dimensions.csv); no measured figure for the junction's course found.
# Session 29 (cerv29b): C3-C6 take the same junction, its front 0.25 mm (C3 0.5) behind the canal's outline.
# Trimmed onto their laminae in session 28 (SPINE_ROOT_ON_LAMINAE) their canals measured 10-14 % deeper than the table
# at the body's mid-height; with it (default mesh): C3 15.43 -> 14.92 mm (table 14.0), C4 15.11 -> 14.34 (13.5), C5
# 15.21 -> 14.37 (13.5), C6 15.93 -> 14.92 (14.0), 6-7 % deep, tabs <= 0.2 mm. At 0.0 mm (C7's): 14.73, 14.27, 14.29,
# 14.82 mm, but the 12000-triangle default mesh then sampled C3's and C4's bifid tubercles 4.53-4.54 mm wide (at most
# 4.5), C4's tubercle notch 1.19 mm (at least 1.2) and C5's spine's upper border 5.25 mm over its axis at 15 % of its
# length (at least 5.5; 10 vertices in the section against 25): the surface there is unchanged (the fine mesh: 5.71
# -> 5.73 mm), but those tests read mesh vertices, and the fine meshes of C3-C5 already measured 4.54 mm and 1.11-
# 1.19 mm before this change. The offsets are modelling values [M] chosen among those whose default meshes pass.
LAMINA_JUNCTION: dict[str, tuple[float, float, float, float]] = {
    DEFAULT: (0.5, 0.25, -1.5, 75.0), "C3": (0.5, 0.5, -1.5, 75.0), "C7": (0.5, 0.0, -1.5, 75.0)}
LAMINA_JUNCTION_INSET = 1.0
LAMINA_JUNCTION_ROUND = 2.0
# The lamina's slope: its plate leans back from the vertical by this much, lower border behind the upper (a
# working value [M], read off lateral views of dry cervical vertebrae; no measured figure for the tilt in the
# sagittal plane found: the CT 'lamina transverse angle' of Wang Z et al. 2015, J Orthop Surg Res, 61 adults,
# is an angle in the axial plane).
# At 30 degrees the 2.6 mm plate showed from above as a strip about 6.5 mm wide, a thin V; at 38 about 8 mm
# (it measures 41 degrees on the mesh, the rounding included) and it stays clear of the level below at the
# end of extension (tests/motion/test_end_of_range.py).
# Session 9 tilted C3-C6 to 38 degrees and rebuilt only those; C7's shipped mesh kept the earlier 30 degrees, and
# rebuilt at 38 its short lamina's section at mid-length came out 12.2 mm tall (tests: 9.5-12). C7 keeps 30 [M].
# Session 28 (cerv28, issue 10): at 30 degrees C7's lamina showed from above as a band 6.8 mm wide, a thin rod; C7
# takes 38 as C3-C6 [M]: its section at mid-length measured 11.3 mm tall and 42 degrees from the vertical at 38
# alone, 11.6 mm with its lower border set by LAMINA_FOOT_RISE and LAMINA_ROOT_SINK (tests: 9.5-12, 15-45).
LAMINA_TILT = {DEFAULT: 38.0}
# The lamina's root on the pillar (see _lamina_root), modelling values [M] read off lateral views of dry C3-C6
# (Gray 1918; Standring 2016, Gray's Anatomy 41st ed.): it leaves the pillar's posteromedial side from
# LAMINA_ROOT_TOP mm below the superior facet's posterior edge to LAMINA_ROOT_FOOT mm above the inferior
# facet's, LAMINA_ROOT_INSET mm medial to the pillar's centre and LAMINA_ROOT_INSIDE mm in front of its back
# face, and merges into the sloping plate LAMINA_ROOT_REACH of the way to the spine, LAMINA_ROOT_THICKNESS mm
# thick at the pillar.
LAMINA_ROOT_TOP = 1.0
LAMINA_ROOT_FOOT = 2.5
LAMINA_ROOT_INSET = 4.0
LAMINA_ROOT_INSIDE = 1.0
# ... and spans at most LAMINA_ROOT_SPAN mm of the pillar's height (C3-C6 10.3 mm by the rule above; C7, whose
# inferior facet lies far back and low, 13.8 mm, which swelled its lamina's lower border) [M]
LAMINA_ROOT_SPAN = 10.5
# C7's lamina is shorter (its pillar reaches further back to its inferior facet), so its root reaches less far [M]
LAMINA_ROOT_REACH = {DEFAULT: 0.38, "C7": 0.3}
LAMINA_ROOT_THICKNESS = 3.4
# The fillet between the pillar's back and the lamina (see _pillar_lamina_fillet), modelling values [M]: it
# leaves the pillar's back FILLET_INSET mm medial to the pillar's axis (the pillar-back tests measure on the axis
# itself, where the back stays drawn in), over FILLET_SPAN of the lamina root's height, upper part kept, and is
# FILLET_THICKNESS mm thick there, blended in with a smooth union of FILLET_BLEND mm.
# C5's fillet stays as far in as C3's (FILLET_INSET_C3) [M]: at 1.2 mm its lateral edge lay within 0.2 mm of the
# pillar's axis at mid-height, so the pillar-back test's line grazed it (0.29 mm drawn in on the right after the
# session 13 rebuild for TUBERCLE_OUT, whose only change there was the decimation's)
# C3's pillar back is the least drawn in (0.63 mm at mid-height with the fillet 1.2 mm off its axis: the
# pillar-back test's floor is 0.7), so there the fillet stays a little further in [M]
# Session 15 (cerv15): with the C5/6 and C6/7 joints moved out clear of the canal (joints.CERVICAL_FACET_CLEAR), C5's
# pillar reaches 1.6 mm further out low down and C7's 2.8 mm further out high up, so each column leans. At 1.6 mm
# C5's back reached only 0.69 of its pillar's lateral reach (tests: 0.7): C5 takes FILLET_INSET again. At 1.2 mm
# C7's fillet stood into its back midway between the facets, drawn in only 0.57 mm there (tests: 0.7): C7 takes
# FILLET_INSET_C3 [M]. (FILLET_INSET_C3 is now the table's C3 and C7 entries; session 16.)
# Session 16 (cerv16): with C4's lamina hung lower (LAMINA_PLAN) its right pillar's back reached on into the lamina
# only 0.699 of the pillar's lateral reach (tests: 0.7); C4's fillet leaves the back 1.0 mm from the axis [M].
# Session 28 (cerv28): with C7's lamina tilted to 38 degrees (LAMINA_TILT) its lamina root and fillet reach further
# back, and at 1.6 mm C7's left pillar back was drawn in only 0.64 mm at mid-height (tests: 0.7); C7 2.0 mm [M].
FILLET_INSET = {DEFAULT: 1.2, "C3": 1.6, "C4": 1.0, "C7": 2.0}
FILLET_SPAN = 0.8
FILLET_THICKNESS = 4.0
FILLET_BLEND = 2.0
# Session 14 (cerv14): the body's outline from above. A superellipse of exponent 2.6 all round made the body a
# rectangular block with four equal corners from above (issue 10). The cervical body is broader from side to side
# than from front to back, its posterior border flat and its anterior border convex (Gray 1918, the cervical
# vertebrae; Standring 2016): the back half keeps the rounded rectangle (BODY_BACK_POWER), where the uncinate lips
# and the pedicles stand on its posterolateral corners, and the front half is an oval (BODY_FRONT_POWER), its
# anterolateral corners set in 0.6-0.7 mm at 45 degrees. Working values [M]; the table's width and depth stay.
BODY_BACK_POWER = 2.6
BODY_FRONT_POWER = 2.0
# Session 14 (cerv14b, issue 10): the lip at the lower front of the body. The body's anterior surface runs down
# into a lip that overlaps the front of the vertebra below (Gray 1918, the cervical vertebrae). It was an ovoid
# 2.2 mm deep whose front stood 0.4 mm proud of the front face, blended over 1.0 mm: from below and from in front
# it read as a separate oval cap with a crease above it. The lip is now the body's own outline carried down: a thin
# layer whose lower face slopes from LOWER_LIP[0] mm above the lower endplate's posterior border to LOWER_LIP[1] mm
# below its anterior border (0.6 mm, as the ovoid hung), blended over LOWER_LIP[2] mm, so the lower surface falls
# gently toward the front across the body's whole width and the front face runs on into the lip. Added before the
# bevels of the inferolateral lips are cut (they still receive the uncinates below). Working values [M].
LOWER_LIP = (1.5, 0.6, 1.0)
# Uncinate processes: height above the upper endplate 5.8 +/- 1.1 to 6.1 +/- 1.3 mm at C4-C6, lower at C3
# and C7, base 4.9 mm (C3) to 6.3 mm (C7) wide, in 270 dry vertebrae (Lu et al. 1998, Surg Radiol Anat
# 20:249, abstract [R]); C4-C6 are built at 5.9 mm. C7 at 5.0 mm is a working value [M] for "lower". C3's
# is held at 3.0 mm [M]: the C2/3 disc is 4.5 mm and the inferolateral lip of C2 (shapes/special.py) carries
# no bevel to receive a taller one, so a taller C3 uncinate would run into C2.
UNCINATE_HEIGHT = {"C3": 3.0, "C4": 5.9, "C5": 5.9, "C6": 5.9, "C7": 5.0}
# Base width from side to side: Lu et al. 1998's 4.9 mm at C3 and 6.3 mm at C7 [R]; C4-C6 spaced evenly
# between them [M]. The lip is a wedge on this base: its lateral face flush with the body's side, its medial
# face sloping down into the endplate, its crest rounded (UNCINATE_CREST wide), so that it reads as a thick
# lip curling up from the rim and not as a fin standing on it.
UNCINATE_BASE = {"C3": 4.9, "C4": 5.25, "C5": 5.6, "C6": 5.95, "C7": 6.3}
UNCINATE_CREST = 3.0  # [M]
# How far (mm) the wedge's base is set in from the body's side, so its lateral face runs flush with it [M].
UNCINATE_SET_IN = {DEFAULT: 0.1}
# How far forward along the lateral rim the lip runs, as a fraction of the endplate's depth from its back:
# the uncinate process is a lip of the posterolateral rim only; it fades out in front of
# the rim's midpoint (a working value [M]; at 0.8 of the depth it stood along the whole side as a wall).
# Session 16 (cerv16): C5's lip fades out a little further back, 0.55 [M]: at 0.6 the wedge, blended in, stood out
# past the body's side over its middle just under the endplate, where the endplate's width is taken
# (measure.body_dimensions): 19.75 mm on session 15's default mesh and 19.89 once the laminae were rebuilt (table
# 18.0, +10 % = 19.8). (Set 0.1-0.3 mm further in instead, the lip's medial foot rose over 1.5 mm: tests.)
UNCINATE_REACH = {DEFAULT: 0.6, "C5": 0.55}
# Along the rim the lip is tallest UNCINATE_PEAK of the endplate's depth in front of its posterior border and
# falls behind that to UNCINATE_BACK of its height at the posterior corner, where it meets the pedicle's root:
# the lip curls up along the posterolateral side, not as a post on the back corner (working values [M], read
# off lateral and oblique views of dry C3-C7; at 0 and 1, the lip's tallest point stood on the corner).
UNCINATE_PEAK = 0.3
UNCINATE_BACK = 0.55
# Session 26 (cerv26, issue 10): seen from the front-oblique at 700 px the uncinate lips of C4-C6 read as tall sharp
# pyramids: the lip was two straight bars (front to peak, peak to back corner) meeting at a point, so its crest rose
# in a straight slope to an apex and fell in another; the crest's profile along the rim fitted a radius of only
# 0.91-1.20 mm within 1.5 mm of its top. Their height is the cited one (Lu et al. 1998: 5.8-6.1 mm at C4-C6; they
# measured 5.5-5.6 mm over the posterior rim, the apex blended off). On a dry C3-C6 each is a lip turned up along the
# posterolateral rim of the upper surface, its crest rounded (Gray 1918, the cervical vertebrae; Standring 2016).
# So at C4-C6 the lip is one sdf.ProfiledBlade from its front end to its back corner whose crest height follows
# (see _uncinate_profile) a curve level at the peak: in front, (1 - s^2)^UNCINATE_ROUND[0] of the full height (s
# from 0 at the peak to 1 at the front end); behind, 1 - (1 - UNCINATE_BACK) s^UNCINATE_ROUND[1] (s to 1 at the back
# corner). The ends, the peak's place and height and the wedge's section stay as they were. C4's back curve is
# flatter (1.25): at 2.0 the lip's medial foot rose 1.53 mm 2.5 mm in front of the posterior border
# (test_uncinate_is_a_low_lip_on_the_posterolateral_rim_only: 1.5). C3's low lip (3.0 mm) and C7's were not
# pyramids (their crests fitted 2.8-3.0 and 1.5 mm) and keep the two bars (None). Modelling values [M].
UNCINATE_ROUND: dict[str, tuple[float, float] | None] = {DEFAULT: (0.75, 2.0), "C3": None, "C4": (0.75, 1.25),
                                                          "C7": None}
# Where a bifid spine forks, as a fraction of its length: the two tubercles stand on a short notch at the end
# of one blade (a working value [M] from drawings of dry C3-C5; the fork was at 0.45, a V of two rods; at 0.65
# the notch was only 1 mm deep and did not read as bifid). The notch comes out 2.5-3.5 mm deep (tests).
BIFID_FORK = 0.55
# Each bifid tubercle is the prong's rounded end (see _spinous): an ovoid TUBERCLE_ROUND mm long, the left one
# TUBERCLE_UNEQUAL the size of the right (the two tubercles of C3-C6 are often unequal: Gray 1918; Standring
# 2016). Working values [M].
TUBERCLE_ROUND = 2.2
TUBERCLE_UNEQUAL = 0.85
# The lateral mass is a solid block whose upper and lower faces are its facets: seen from above, bone stands
# PILLAR_MARGIN mm in front of and behind each facet's oval (along its slope) and PILLAR_MARGIN_ACROSS mm at its
# sides, and its rims are rounded only PILLAR_EDGE mm, so the facet's face runs flush to the block's sides (at
# 0.2 mm and 1.2 mm the facet overhung the rounded rim: a coin on a stalk); behind the facet the extra margin
# carries the bevelled rim (FACET_BEVEL_DEPTH) that frames it from above (session 8; at 0.6 mm all round the
# rim was faint).
# It is drawn in only mildly, PILLAR_WAIST mm at the back and PILLAR_SIDE_WAIST mm at its lateral border
# between the facets, so that from the side it reads as the rhomboid of a lateral radiograph and from behind
# as the gently undulating column of an AP one. PILLAR_SHELF mm under each facet are put back after the
# canal's cut (working values [M]).
PILLAR_MARGIN = 1.4
PILLAR_MARGIN_ACROSS = 0.6
# Bare bone round each superior facet (mm) [M]: the shelf under it (PILLAR_SHELF, put back after the canal's cut)
# has a second layer this much wider across than the facet medially and laterally, so from above a band of bone
# frames the cartilage laterally and medially too, as on dry C3-C7 (the articular pillar a little larger
# than its facet; as C2's rim, special.C2_FACET_RIM). Session 11: without it the rounded block left 0.2-0.6 mm
# of bone showing laterally and medially at C4-C7 and the cartilage read as a coin capping the pillar; widening
# the block itself instead changed the column's outline from behind and its waist (the pillar tests), and
# 1.4 mm laterally made a ledge that widened the column's top from behind (0.76-0.84 of its reach at mid-height).
PILLAR_RIM_MEDIAL = 1.4
# Session 14 (cerv14b): C5's is a little wider [M]. Its right superior facet's lateral rim measured 0.9 mm from above
# on the fine mesh (0.1 mm probe steps; the rim test's floor is 0.95) and on the default one once any part of C5 was
# rebuilt; s14's default mesh read 1.0 only by its decimation. At 0.65 for every level, C3's pillar border from
# behind fell to 0.85 of its reach (the straight-sided-block test's floor); at 0.7, C3's and C6's.
# Session 15 (cerv15): C7 takes it too [M]: with its superior facet moved out (joints.CERVICAL_FACET_CLEAR) the
# lateral rim measured 0.9 mm from above in one direction (the rim test's floor is 0.95).
PILLAR_RIM_LATERAL = {DEFAULT: 0.6, "C5": 0.65, "C7": 0.65}
# and this much (mm) beyond the facet up and down its slope, so the band also rounds the facet's medial
# corners, where the canal's cut takes the block away (at 0: 0.9 mm there at C4 and C6) [M]
PILLAR_RIM_ALONG = 0.6
# The shelf is put back after the facet's cut (add_late), so nothing bevels it: the band's top stands this far
# (mm) below the facet plane [M]: flush with it, it became part of the facet's face (the measured facet grew
# 1.9 mm across, 16 % over the table). The cartilage's edge stands on that small step of bone.
PILLAR_RIM_DROP = 0.45
# Session 13 (cerv13b): the same band frames each inferior facet too, seen from below. Without it the inferior
# facets' cartilage showed only 0.3 mm of bone laterally and medially at C3-C7 (the superior facets, 1.0-1.2 mm):
# from below and from the side the inferior articular process read as a cap of cartilage on a stalk. On dry
# C3-C7 the inferior articular process is a little larger than its facet all round, as the superior one
# (Gray 1918; Standring 2016) [M: the band's widths are the superior facet's].
# At C7 it is set in only this far (mm) from the inferior facet's plane, and runs no further than the facet up
# and down its slope [M]: at PILLAR_RIM_DROP (0.45, and at 0.4) it stood 0.5-0.6 mm in from C7's inferior facet,
# a ledge round it (tests: the facet runs on flush or falls away); at 0.3 with PILLAR_RIM_ALONG the measured
# inferior facets grew up to 10 % over the table (test_meshes).
PILLAR_RIM_DROP_BELOW_C7 = 0.3
# Session 33 (cerv33b, issue 10): C7's superior facet sat on the band like a bottle cap on its pillar: the band, put
# back with a hard union, ended in a crease round the pillar 2.5-3 mm under the facet. At C7 it is blended into the
# pillar under it over this many mm [M] (the facet's own shelf is put back after it, unblended, so the facet keeps
# its size).
PILLAR_RIM_BLEND_C7 = 0.8
# ... and the band stands this far (mm) below C7's superior facet's plane (PILLAR_RIM_DROP elsewhere): blended at
# 0.45 mm, the bone beside the facet rose within 0.3 mm of its plane and the measured facet grew to 13.6 mm along its
# slope (table 12.3; test_meshes: within 10 %) [M].
PILLAR_RIM_DROP_ABOVE_C7 = 0.6
# Medially the band round an inferior facet is narrower than round a superior one [M]: at PILLAR_RIM_MEDIAL (1.4 mm)
# the inferior process's inner edge stood into the canal, whose narrowest width between the pillars fell from
# 24.1/23.1/22.7 mm to 20.5/21.8/19.5 mm at C4/C5/C6 (table 24.5/25/25, Parihar: tests/anatomy/test_landmarks.py).
PILLAR_RIM_MEDIAL_BELOW = 1.0
# Session 14 (cerv14): the canal-aware medial edge. Even at 1.0 mm the band, and the facet's own shelf under it,
# both put back after the canal's cut, stood 1.2-2.4 mm into the canal at C4-C6 low in the arch, 1.5-3 mm behind
# the inferior facets' plane: the finder's narrowest chord read 21.3/22.6/20.3 mm at C4/C5/C6 (table 24.5/25/25,
# Parihar), and the canal was visibly pinched beside the inferior processes. The facet's face and the band's top
# (the bare rim seen from above or below) are kept as they were, even where the joint's placement sets the
# facet's own medial margin inside the canal's outline (up to 1.8 mm, C6's inferior and C7's superior facets);
# behind them the bone under the facet's medial margin falls back to the canal's wall steeply, CANAL_SLOPE mm
# toward the canal's wall per mm deeper behind the facet plane, so that the rim is a lip of bone at the facet
# and the canal keeps the table's width (within 1.5 %) from 0.3 of the body's height below its middle to 0.45
# above [M]. At the lower endplate's own height the inferior facets' medial margins and their rim still narrow it
# (C6 20.3 mm, C4 and C5 22.6; was 19.6-22.1): that is the joint's placement (joints.py), not this bone.
CANAL_SLOPE = 2.0
CANAL_CLIP_BLEND = 0.4
PILLAR_EDGE = 0.6
# C7's inferior facet lies about 6 mm behind its superior one (its inferior process projects down and back)
# and its plane is steeper, so the two facet planes are only about 4.4 mm apart (10 mm at C5): the back is
# drawn in less there, or the block thins to a plank leaning back (at 4.0 mm it was 3 mm deep a third of the way
# up; at 2.2 mm, 5 mm, with its back still concave by 0.7 mm or more) [M]
PILLAR_WAIST = {DEFAULT: 2.6, "C7": 2.2}
# Session 13 (cerv13c, issue 10): the lateral face of the block was one flat plane 6-7 mm wide from front to back
# (within 0.2-0.5 mm over its middle at C3-C7), so from the left the lateral mass read as a box. The lateral mass
# is convex from front to back on dry C3-C7 and shows on a lateral film as a rhomboid with rounded corners
# (Gray 1918; Standring 2016). A lens of bone is taken off each upright edge of the face (see
# _crown_lateral_face): PILLAR_CROWN mm deep on the edge, midway between the facet planes, the lens's semi-axes
# PILLAR_CROWN_LENS mm (square to the edge's bisector, along it) and PILLAR_CROWN_REACH of the facet planes'
# distance apart up and down, so that it fades out before either facet's rim, blended with PILLAR_CROWN_BLEND.
# The back edge is taken PILLAR_CROWN_BACK_OUT mm behind the superior facet's posterior edge, where the drawn-in
# back lies at mid-height (at C7 too, whose block reaches further back only low down, to its inferior process),
# and the front edge PILLAR_CROWN_FRONT_IN mm behind the block's front outline, so that the crown's top lies
# about midway between the two facets' centres (on the outline it stood 1-2 mm in front of it at C3 and C4).
# Working values [M].
# C7's column is only about 7 mm deep at mid-height (C3-C6: 9-10 mm): a 2.6 mm lens on each edge drew its lateral
# border in to 0.78 of its reach at the facets (tests: 0.8-0.97), so its lenses are shallower [M]
PILLAR_CROWN = {DEFAULT: 2.6, "C7": 1.8}
PILLAR_CROWN_LENS = (3.5, 7.0)
PILLAR_CROWN_REACH = 0.34
# Session 24 (cerv24b, issue 10): the lens on the anterolateral edge reaches only PILLAR_CROWN_FRONT_REACH of the
# facet planes' distance up and down at C4-C6. At PILLAR_CROWN_REACH its upper part still bit 1.5-2 mm into the edge
# 6.5-7.5 mm above the vertebra's centre, under the band of bone round the superior facet (PILLAR_RIM_LATERAL, put
# back after the cuts, PILLAR_RIM_DROP + PILLAR_SHELF = 2.95 mm deep), whose lower face then stood 1.1-1.4 mm proud of
# it: from the side the superior articular process's lateral face ran level and stepped in at once under its front
# part, a dark pocket under the facet's front rim. On a dry C3-C6 the side of the superior articular process runs
# smoothly down into the pillar (Gray 1918, the cervical vertebrae). Working value [M]; at mid-height the lens bites
# as deep as before (PILLAR_CROWN). At C4 a 0.74-0.84 mm step stays 7.5 mm up (at 0.16 it went, but the face's front
# end at mid-height then lay only 0.21 mm in from its middle: test_pillar_lateral_face_is_convex_from_front_to_back,
# floor 0.3). C3 (its lens's centre lies level with that band's foot, so a shorter lens leaves its 1.0-1.4 mm step as
# it is) and C7 keep PILLAR_CROWN_REACH; C3's and C4's steps are taken by PILLAR_RIM_SKIRT (cerv24c) instead.
PILLAR_CROWN_FRONT_REACH = {DEFAULT: 0.2, "C3": PILLAR_CROWN_REACH, "C7": PILLAR_CROWN_REACH}
PILLAR_CROWN_BLEND = 1.2
# Session 24 (cerv24c, issue 10): at C3 and C4 the band round the superior facet (PILLAR_RIM_LATERAL, put back after
# the cuts with a hard union) still ended in a ledge over the pillar's face under the front of the superior
# articular process, where the front crown lens has bitten the edge: from the side the outline stepped in
# 1.0-1.4 mm (C3) and 0.74-0.84 mm (C4) over 0.5 mm forward 6.5-7.5 mm above the vertebra's centre, a dark pocket
# under the facet's front rim (C3's lens centre lies level with the band's foot, so a shorter lens does not reach it;
# at C4 a shorter one flattened the face's front). On a dry C3-C6 the side of the superior articular process runs
# smoothly down into the pillar, no ledge under the facet's rim (Gray 1918, the cervical vertebrae). So a skirt of
# bone is put back under the band, also after the cuts: an ellipsoid centred on the band's lower face under the
# facet's centre, PILLAR_RIM_SKIRT[0] mm deep below it (square to the facet), reaching across to PILLAR_RIM_SKIRT[1]
# mm short of the band's lateral edge and PILLAR_RIM_SKIRT_LENGTH of the band's length up and down the facet's slope
# (longer, it pushed the pillar's front out and steepened its front corner), blended in with PILLAR_RIM_SKIRT_BLEND:
# the band's lower face now slopes out into the pillar instead of ending as a ledge. Working values [M], chosen
# where the measured step stays below the test's ceiling for neighbouring values too (1.5-1.7 mm deep; at 1.9 the
# pillar's front moved forward onto C3's steep front corner); None (C5-C7) leaves the band as it was.
PILLAR_RIM_SKIRT: dict[str, tuple[float, float] | None] = {DEFAULT: None, "C3": (1.7, 1.2), "C4": (1.7, 1.2)}
PILLAR_RIM_SKIRT_BLEND = 1.3
PILLAR_RIM_SKIRT_LENGTH = 0.5
# Session 26 (cerv26, issue 10): seen from the left at 700 px the pillar of C4-C6 still read as an extruded bar: the
# band round the superior facet (PILLAR_RIM_LATERAL, put back after the cuts, PILLAR_RIM_DROP + PILLAR_SHELF = 2.95 mm
# deep) ran as a straight rod along the facet's lateral edge, and under it the lateral face, bitten by the crown
# lenses and the side waist, fell away at once: in coronal sections through the facet's middle 80 % the lateral
# outline fell 1.4-2.4 mm within 3 mm under its widest point at the band, a dark straight crease from the tip to the
# back. On a dry C3-C6 the lateral mass's side is a gently convex, mildly waisted column whose surface runs on from
# the facet's rim down into the pillar (Gray 1918, the cervical vertebrae; Standring 2016). So a swell of bone is put
# back under the band, after the cuts (like the skirt): an ellipsoid lying along the facet's slope, PILLAR_SIDE_SWELL
# = (out, depth, across, length, deep, shift): its lateral face ``out`` mm beyond the band's lateral edge, its centre
# ``depth`` mm under the facet plane and ``shift`` mm along the slope from the facet's centre (negative: back, so that
# its front end stays behind the superior process's tip and does not push the pillar's front forward, where
# test_superior_process_side_runs_down_without_a_step measures), its semi-axes ``across`` mm across, ``length`` of the
# band's length along the slope and ``deep`` mm along the facet's normal, kept under the band's top (PILLAR_RIM_DROP)
# and blended in with PILLAR_SIDE_SWELL_BLEND; its middle bulges most, so the crease's line curves instead of running
# straight. C4's lies further back and shorter (at C5's figures its front step measured 1.0-1.4 mm, ceiling 0.75). C3
# has none: every swell tried took its pillar's border from behind below its floor (0.84-0.85,
# test_articular_pillar_from_behind_is_a_straight_sided_block: 0.85) or stepped its superior process's side (0.77-1.7
# mm). Session 27 (cerv27): one set in 1.2 mm from the band and 1.0 mm forward passed every test (worst fall
# 1.87 -> 1.13 mm) but left a lumpy pocket under the superior process's front corner, seen front-oblique at 700 px:
# not kept. C7 has none: its fall (1.65-2.4 mm in front of the facet's centre) lies where
# test_pillar_lateral_face_is_convex_from_front_to_back probes the face's front end (1 mm above mid-height, 3 mm in
# front); every swell that took that fall to 1.4 mm or less brought the front end 0.88-1.26 mm out past the middle
# (floor 0.3 in). Modelling values [M].
PILLAR_SIDE_SWELL: dict[str, tuple[float, float, float, float, float, float] | None] = {
    DEFAULT: (0.3, 3.2, 1.6, 0.6, 2.0, -2.5), "C3": None, "C4": (0.3, 3.2, 1.6, 0.5, 2.0, -3.2), "C7": None}
PILLAR_SIDE_SWELL_BLEND = 1.2
PILLAR_CROWN_BACK_OUT = 1.1
# Session 25 (cerv25, issue 10): seen from the left at 700 px the pillar of C3-C6 read as a slab with square corners.
# The superior articular process ended in a square tooth: the facet's short chamfer (FACET_BEVEL) met the pillar's
# upright front at a right angle, and in front of it the end of the band round the facet (PILLAR_RIM_ALONG, put back
# after the cuts) stood 1.5-2.5 mm proud of the front as a block; the inferior process's heel was cut off square in
# the same way behind. In sagittal sections through the pillar the outline turned 88-94 degrees over 1.5 mm at both.
# On a dry C3-C6, and on a lateral film, the pillar is a rhomboid whose corners are rounded, the superior process
# ending in a blunt tip, the inferior one in a rounded heel (Gray 1918, the cervical vertebrae; Standring 2016).
# Where a level takes them (C3-C7 the tip; C3-C6 the heel: C7's inferior process is a rounded slab,
# INFERIOR_PROCESS_DEPTH_C7, that turns 60-61 degrees), the shelf and band under each facet stop at the pillar's front
# (superior) or back (inferior), and:
# - the tip is a rounded bar round the facet's front end (see _rounded_tip): its section a stadium of radius
#   PILLAR_TIP_ROUND mm whose top lies PILLAR_TIP_SET_IN mm under the facet plane at the facet's front edge (so the
#   facet's face and its measured size stay the table's), running PILLAR_TIP_LENGTH mm down and back at
#   PILLAR_TIP_LEAN degrees from upright into the pillar's front; it reaches PILLAR_TIP_SPAN of the facet's
#   half-width each way from its centre line (laterally no further than the pillar's side), its top falling back
#   PILLAR_TIP_FOLLOW of the way the oval's front edge falls back toward its ends, and is blended in with
#   PILLAR_TIP_BLEND. Straight across (a rounded box), from above and obliquely the facet read as a D with square
#   front corners; following the oval all the way, its ends turned 74-78 degrees 1.5 mm off the pillar's middle.
#   Shorter or more upright, its foot stood proud of the pillar's front (a knob on a stalk), or reached down to
#   6.5-7.5 mm above the centre, where test_superior_process_side_runs_down_without_a_step measured steps of
#   0.8-2.0 mm at its lateral end; an ellipsoid tangent to the facet's edge read as a ball on the tip. At 0.7 of the
#   half-width medially C3's tip turned 65-73 degrees in the medial section; reaching to the pillar's side
#   laterally, C4's tip touched the root of C3's posterior tubercle above it (test_no_neighbours_intersect_
#   in_neutral) and C3's became the bone's widest point (its transverse span 51.5 mm, table 50 +/- 3 %).
# - the heel is rounded by a smooth intersection (blend PILLAR_HEEL_BLEND mm, see _RoundedCorner) of the inferior
#   facet's solid (its plane and chamfer, as cut) with the pillar's back, PILLAR_HEEL_BACK mm behind the block's back
#   face. C3 keeps 0.5 mm more of its heel: at 0 its back from the side was drawn in only 0.63 mm between its facets
#   (test_articular_pillar_back_is_drawn_in_between_its_facets: at least 0.7; the band's end had made up that reach).
# Working values [M], read off lateral views of dry C3-C6 (no measured radius of these corners found).
PILLAR_TIP_ROUND: dict[str, float | None] = {DEFAULT: 1.5}
PILLAR_TIP_SET_IN = 0.15
PILLAR_TIP_LEAN = 45.0
PILLAR_TIP_LENGTH = 3.0
PILLAR_TIP_SPAN = 0.9
PILLAR_TIP_FOLLOW = 0.5
PILLAR_TIP_BLEND = 0.6
# Session 34 (cerv34b, issue 10): the vertebral artery's path. It ascends through the foramina transversaria in front
# of the spinal nerve and of the articular pillar; the superior articular process lies behind the foramen
# transversarium (Gray 1918, the cervical vertebrae; Kim et al. 2012: the uncinate process's lateral wall 1.7-2.8 mm
# from the artery). Here the tip (the rounded bar above, PILLAR_TIP_*) and the band and shelf under the superior
# facet's front end, all put back after the cuts, stood 2.4-2.6 mm in front of the facet's front edge, over the
# foramen: the straight line from one foramen transversarium to the next above, a tube of radius 1.5 mm [M] for the
# artery, ran through 2.9-4.1 mm of the lower vertebra's superior process at C4-C7, and front-oblique the uncinate lip
# and that tip read as one jumble. Where a level takes ARTERY_CLEAR = (radius, above, blend, medial, back, deeper):
# - the tip reaches only PILLAR_TIP_MEDIAL of the facet's half-width medially of its centre line (PILLAR_TIP_SPAN
#   elsewhere), so it ends over the foramen's axis instead of running on medially past the artery;
# - after every union a channel is taken out of the superior process round the foramen's upright axis: a capsule of
#   ``radius`` mm from ``radius`` above the foramen's top to ``above`` mm over the facet's front edge, its upper end
#   leaning ``medial`` and ``back`` mm as the straight path to the foramen above does in the lower vertebra's frame
#   (neutral: C4 0.4 mm medially and 0.5 back, C5 0.4 and 0.6, C6 1.0 medially and 0.1 forward over the path),
#   blended with ``blend``; where ``deeper`` > 0 a second such capsule ``deeper`` mm further back widens it
#   backward only. C6's channel is narrower (1.6 mm) and does not lean back: at C4's figures, from above, the
#   process's back border was notched 1.47 mm between the pillar and the posterior tubercle
#   (test_transverse_process_back_border_runs_from_the_pillar_to_the_tubercle: 0.9).
# - Session 35 (artery35): at C5 the tube passes only 0.7-0.9 mm in front of the cartilage's front-medial edge, the
#   pillar's own front (1.5 mm in front of the facet's edge) stood in it, and the section 1.5 mm medial of the
#   pillar's middle, where test_pillar_tip_and_heel_are_rounded_from_the_side measures the tip's rounding, lies only
#   0.3 mm lateral of the tube: a blended channel wide enough to clear the tube turned that section's outline
#   72-105 degrees (ceiling 70; cerv34b). C5's channel is sharp (blend 0) and only 0.05 mm wider than the tube
#   across, so the tip lateral of it keeps its rounding (60-64 degrees), and reaches 0.4 mm further back (the
#   second capsule), where the surface's smoothing had left 0.2-0.5 mm of the channel's back wall in the tube.
# - ARTERY_RIM = (reach, bead, from, to): the facet's front-medial rim, which the channel had taken (from above the
#   cartilage met the hole: bone within 0.6 mm under the facet's plane 0-0.1 mm beyond its edge at C5, 0.5 at C6,
#   on main 0.8-1.3), is put back after the channel: a bead of ``bead`` mm radius along the cartilage's edge, reaching
#   ``reach`` mm beyond it, ARTERY_RIM_SET_IN under the facet's plane, from ``from`` to ``to`` degrees round the oval
#   from its medial end (90: its front), blended ARTERY_RIM_BLEND. C4 takes none: its hollow (75 degrees round) is
#   where the tip's medial section passes through the tube, and every bead reaching there turned it 71-122 degrees.
# - Session 36 (art36): C4's rim is put back by its tip instead: reaching PILLAR_TIP_SPAN medially (was 0.45), the
#   tip's bar runs on to the channel, which takes it there, so from above bone shows 1.1 mm round the cartilage's
#   front-medial edge 0.6 mm deep (was 0.7, the hollow; test_superior_facet_front_medial_rim_shows_from_above), and the
#   tip's section moved clear of the tube (the lead's ruling, test_cervical_from_the_left) turns 64-66 degrees (78-80
#   at the section 1.16 mm medial of the pillar's middle on main, 1.6 mm from the path's axis: there the bar's rounded
#   medial end was cut off square). Beads along the rim (0.3-0.6 mm) turned it 70-93 degrees. C7 takes a channel now
#   too (the vertebral vein's path; C7->C6 ran through 3.45 mm of the superior process): radius 1.6, blend 1.2, its
#   upper end 0.8 mm medial, as the path leans; its tip reaches 0.45 as at C5 and C6 (at PILLAR_TIP_SPAN its bar's
#   medial end stood as a horn beyond the channel, seen from above).
# The facet's face and the joints are left as they were. C3 keeps the tip as it was (its path, to C2, runs forward
# to C2's canal, the tube's wall 2.4-2.8 mm clear of the bone behind the foramen; see ARTERY_MOUTH). Working values [M].
PILLAR_TIP_MEDIAL: dict[str, float] = {DEFAULT: PILLAR_TIP_SPAN, "C5": 0.45, "C6": 0.45, "C7": 0.45}
ARTERY_CLEAR: dict[str, tuple[float, float, float, float, float, float] | None] = {
    DEFAULT: None, "C4": (1.8, 4.0, 1.6, 0.5, 0.5, 0.0), "C5": (1.55, 4.0, 0.0, 0.4, 0.6, 0.4),
    "C6": (1.6, 4.0, 1.6, 1.0, 0.0, 0.0), "C7": (1.6, 4.0, 1.2, 0.8, 0.0, 0.0)}
ARTERY_RIM: dict[str, tuple[float, float, float, float] | None] = {
    DEFAULT: None, "C4": None, "C5": (0.3, 0.3, 20.0, 100.0), "C6": (0.8, 0.6, 20.0, 100.0)}
# Session 36 (art36): C3's path runs to C2's foramen, a canal whose lower opening lies under the body's side, in
# front of C3's foramen: from C3's foramen centre the path leans 5.2 mm forward and 1.25 mm medially over 9.8 mm up
# (neutral, C3's frame), and a tube of 1.5 mm round it grazed the front of the foramen's upper mouth (0.2 mm of bone;
# the bone behind the foramen 2.4-2.8 mm clear of the tube). ARTERY_MOUTH = (radius, up, forward, medial, blend):
# a capsule from the foramen's centre to ``up`` mm above it, ``forward`` and ``medial`` mm off (along the path),
# taken out after every union, so the mouth's front rim is bevelled where the artery leaves it. Working values [M].
ARTERY_MOUTH: dict[str, tuple[float, float, float, float, float] | None] = {
    DEFAULT: None, "C3": (1.6, 5.0, 2.65, 0.65, 0.5)}
ARTERY_RIM_SET_IN = 0.05
# Session 39 (cerv39, issue 10, review item 2): the foramen transversarium is bored by a capsule of its own radius
# (2.75 mm) from 9 mm under its centre to FORAMEN_BORE_UP mm over it. At 9 (to 11.75 mm up) it ran on above the
# transverse process into the pillar's front under the superior process, where the process stands over the foramen's
# back: a second upright groove, wider than the artery's channel (ARTERY_CLEAR, 1.55-1.8 mm), behind it, and at C5 a
# bowl where it met the pillar (seen from the front-oblique, the review script). The foramen is a hole in the
# transverse process, the artery running up from it in front of the pillar (Gray 1918, the cervical vertebrae): at
# C3-C6 the bore now stops 4 mm up (its top 6.75 mm up, clear over the ring's top 2.2 mm up), and above the process
# only the channel keeps the artery's path clear. C7 keeps 9 (its channel is the vein's). Working value [M].
FORAMEN_BORE_UP: dict[str, float] = {DEFAULT: 9.0, **{name: 4.0 for name in ("C3", "C4", "C5", "C6")}}
ARTERY_RIM_BLEND = 0.3
PILLAR_HEEL_BLEND: dict[str, float | None] = {DEFAULT: 2.0, "C7": None}
PILLAR_HEEL_BACK = {DEFAULT: 0.0, "C3": 0.5}
PILLAR_CROWN_FRONT_IN = 1.0
# C7's front (session 10): its inferior facet, set by T1's superior facet (the C7/T1 joint is placed in T1's
# frame by the thoracic rule of joints._centre_local, 0.65 of the canal's depth behind the body, where the
# cervical joints lie 0.4 behind it), is 5.7 mm behind its superior one and steeper (57 against 45 degrees).
# The front's cut followed the line from the superior facet's front edge to the inferior's, so the whole
# column leaned back with it. The front now stands nearly upright under the superior facet's front edge, falling
# back only PILLAR_FRONT_LEAN_C7 mm over its height [M]; the inferior facet's plane still closes it below.
# (Later in session 10, c7t1: the C7/T1 joint is now placed at the cervical depth (joints.C7_T1_DEPTH), so C7's
# inferior facet lies 2.0 mm behind its superior one; the figures above describe the earlier placement.)
PILLAR_FRONT_LEAN_C7 = 1.0
# Below the front of its superior facet C7's column reaches down as far as at C3-C6 rather than stopping at the
# inferior facet's steeper plane: its lower face is parallel to the superior facet, PILLAR_HEIGHT_C7 mm below it
# (vertically) [M], and only the inferior facet's own cut takes it back to the joint's plane. In front of that
# facet T1's superior articular process lies 4.5 mm or more below it in neutral (measured on the meshes).
# 13 mm (was 11.5) since the C7/T1 joint moved forward (c7t1): at 11.5 this face left a 0.7-1.9 mm ledge beyond
# the inferior facet's upper edge (tests: the facet runs on flush or falls away) [M].
PILLAR_HEIGHT_C7 = 13.0
# C7's pedicle stands this much (mm) higher than 0.12 of the body height (C3-C6): with the C7/T1 joint moved
# forward (c7t1) its lower face crossed the inferior facet's plane just beyond the facet's upper edge, and the
# facet's measured face grew from 11.4 to 12.8 mm high [M].
PEDICLE_LIFT = {DEFAULT: 0.0, "C7": 1.5}
# (1.0 until session 15, cerv15: with the C6/7 joint moved out beside the canal (joints.CERVICAL_FACET_CLEAR) the
# left inferior facet's measured face grew to 12.7 mm high again, table 11.4 +/- 10 %; at 1.5 mm it is 11.4 [M].)
# C7's inferior articular process (session 11): its facet lies at the back of the column and the block behind
# it was 2.5-2.7 mm deep along the facet's normal over its upper half (C3-C6: 4.3-8.8 mm at its centre), a thin
# plate from the side. The process is filled out to this depth (mm) behind the facet, within the
# depth of the pillars above it (a working value [M]; no measured depth of C7's inferior process found).
INFERIOR_PROCESS_DEPTH_C7 = 4.5
# C7's lateral border is drawn in more instead, so that it still undulates [M]
PILLAR_SIDE_WAIST = {DEFAULT: 0.6, "C7": 1.4}
PILLAR_SHELF = 2.5
# The block is the union of both facets' footprints, so its top and bottom run on beyond each facet's own oval;
# there the bone falls away from the facet's edge in a chamfer at 40 degrees (tangent 0.84) below its plane, so
# the face is exactly the facet (its measured size the table's) [M].
FACET_BEVEL = 0.84
# The chamfer runs down to this depth below the facet plane: a bevelled rim of bone, about PILLAR_MARGIN wide,
# frames each facet (stopping 1 mm down behind a 0.6 mm margin it was faint, and from above the facets read as
# coins laid on the pillars) [M].
FACET_BEVEL_DEPTH = 1.6
# Each tubercle as the flared end of its bar: (thickness across the bar, height above and below the bar's axis
# at its end), mm. Working values [M] read off drawings of dry C3-C7 (no measured figure found): C6's anterior
# (carotid) tubercle the largest, C7's anterior one slight and its posterior one big.
# (C3-C5's made smaller in session 22, cerv22: see ANTERIOR_POINT.)
ANTERIOR_TUBERCLE = {DEFAULT: (3.4, 3.0, 2.4), "C6": (6.0, 3.6, 5.6), "C7": (2.6, 2.6, 2.4)}
POSTERIOR_TUBERCLE = {DEFAULT: (4.6, 3.0, 3.6), "C7": (6.4, 4.2, 5.0)}
# How far each tubercle's landmark lies inside the process's lateral end (mm, before TUBERCLE_OUT): C6's carotid
# tubercle stands further forward and out, C7's small anterior one set back [M]; the anterior tubercle's offset
# forward of the bar's line (mm) [M]; and each bar's thickness at its root (mm) [M].
ANTERIOR_INSET = {DEFAULT: 2.2, "C6": 2.6, "C7": 3.0}
POSTERIOR_INSET = {DEFAULT: 2.6}
ANTERIOR_FORWARD = {DEFAULT: 0.0, "C6": 1.4, "C7": -0.8}
ANTERIOR_BAR_THICK = {DEFAULT: 2.6, "C7": 2.2}
POSTERIOR_BAR_THICK = {DEFAULT: 3.4, "C7": 4.4}


# The gutter for the spinal nerve is carved as a capsule of this radius (mm) along the process, down to leave
# GUTTER_FLOOR of the 2.4 mm costotransverse lamella under it: a groove about as wide as the nerve's root
# sleeve, between the bars' inner faces (working values [M], read off superior views of dry C3-C6; the
# sulcus is "deep" in the descriptive texts, no measured depth found).
GUTTER_RADIUS = 2.6
GUTTER_FLOOR = 0.7
GUTTER_START = (3.0, 3.0)
# How far the bars' upper borders stand above the gutter's axis at their roots, beside the foramen (mm) [M]:
# the gutter's walls there, since its floor cannot sink into the foramen's ring (at 2.4 the gutter beside the
# foramen was 1.5 mm deep, too shallow to read from above).
BAR_ROOT_UP = 3.2


# How much further out (mm) the C3-C6 tubercles are set than the insets below held them (session 13, cerv13b) [M]:
# with the domed ends reaching only about 0.8 mm past the landmarks, the processes spanned 3.6-5.2 % less than
# the table's tip-to-tip span (Panjabi 1991) and their tubercles stood no further out than the articular pillar's
# lateral face (C3, C4: -0.1 to +0.5 mm), so from the left the transverse process did not show end-on in front of
# the pillar with its two tubercles standing clear of it (issue 10).
# C7's tubercles keep their insets.
TUBERCLE_OUT = {DEFAULT: 1.3, "C7": 0.0}


# Session 14 (cerv14b, issue 10): the anterior root's base. The anterior bar left the body's side 2.6 mm wide and
# ran out as a rod of even width ending in a dome: from above the process read as two thin rods. The anterior
# (costal) root arises from the side of the body by a broad base and narrows as it runs out to its tubercle
# (Gray 1918, the cervical vertebrae: the costal part springs from the body's side; Frazer 1914, The Anatomy of
# the Human Skeleton: costal and transverse parts meet lateral to the foramen in one bar). A web of bone
# ANTERIOR_ROOT_BASE mm wide (seen from above) where it leaves the body, its back edge on the bar's, runs forward
# along the body's side and tapers into the bar over ANTERIOR_ROOT_REACH of its length. Working values [M] (no
# measured root width found).
ANTERIOR_ROOT_BASE = 7.0
ANTERIOR_ROOT_REACH = 0.55
# Where it leaves the body the web is a plate standing ANTERIOR_ROOT_SPAN = (above, below) mm about the bar's axis
# (the bar itself 3.2 and 3.0 there), rising to the bar's section where it merges: so it stays clear of the body's
# middle below the upper endplate, where the endplate's width is taken (calipers, measure.body_dimensions) and
# where the landmark finder looks along the body's axes [M].
# Session 37 (cerv37b, issue 10): with the web's top 1.0 mm over the bar's axis it met the body's side about 1.5 mm
# under the upper endplate, below the rounded rim, and left a bowl there with a knob beside it (mean Gaussian
# curvature 0.22-0.37 mm^-2 on the fine meshes): from the front-oblique a dark spot parting the costal root from the
# body, where Gray 1918 has the root spring from the body's side. The endplate's width is now taken across the rim,
# 1.0 mm under the endplate (measure.RIM_DEPTH), so the web stands 1.6 mm over the axis and rises into the rim
# (tests/anatomy/test_cervical_root_rim.py). At 1.8 the web reached the width's line on C5 (19.97 mm, table 18.0
# + 10 % = 19.8); at 2.2 on C4 and C6 the calipers ran out along the process. Working value [M].
ANTERIOR_ROOT_SPAN = (1.6, 1.2)
# Session 15 (cerv15, issue 10): from above the anterior bar still read as a horn, a tapering spike curving forward:
# its front border ran from the web's front, dipped 1.4-1.5 mm behind the straight line to the anterior tubercle and
# rose to it (C3-C6). The costal element is a flat bar, broad from its root on the body to its tubercle (Gray 1918;
# Frazer 1914). A low plate ANTERIOR_BORDER = (above, below) mm about the bar's axis (as the web's root, so it adds
# breadth seen from above but no height beside the groove or at the tubercles) runs from the web's root out to the
# tubercle, ANTERIOR_ROOT_BASE wide at the body and the bar's width where the web merges (ANTERIOR_ROOT_REACH) at
# its end, its back edge on the bar's: the front border runs straight (0.3-0.4 mm off the chord). Working values [M].
ANTERIOR_BORDER = (1.0, 1.2)
# Session 30 (cerv30, issue 10): from the front and front-oblique each process of C3-C6 read as two parallel round
# bars: the low front plate (ANTERIOR_BORDER, 2.2 mm tall) stood 1.6-1.9 mm proud of the bar above it, so the front
# face was a rounded shelf with the bar's own rounded top set back over it, two bands of light running out side by
# side to a square end (over the shelf the front face turned back by up to 1.7-2.2 mm per mm up at C3-C5, 2.3-2.5 at
# C6: test_anterior_bar_front_is_one_plate_from_the_front). The costal element is a flattened plate (Gray 1918, the
# cervical vertebrae; Frazer 1914) whose front faces forward as one surface. A plate ANTERIOR_FACE = (start,
# full, top, ridge) runs on the front plate's line from ``start`` of the way out (clear of the body's side, where the
# web stays low: ANTERIOR_ROOT_SPAN) to the tubercle; from as low as the front plate at ``start`` it rises by ``full``
# to ``top`` mm below the bar's upper border, its section narrowing upward to ``ridge`` of its width, so the front
# face is one surface leaning back from the shelf's front to the bar's crest; seen from above the outline is the
# border's as before. At full height from 0.15 (C3-C5) its top stood beside the body just under the upper endplate,
# where the endplate's width is taken, and the calipers ran on out along the process (measure.body_dimensions:
# 26.9-37.6 mm for 16-18); started at 0.3 instead it ended in a rounded upright edge seen from the front. C6's stops
# 0.8 mm below the crest (low enough to stand at full height from 0.15): at 0.5 and 0.6 its gutter's wall stood
# 2.83 mm and more over the floor midway (test_transverse_process_is_one_grooved_plate: at most 2.8). Working values
# [M]; None: the level keeps the low plate alone (C7: a slight costal element, no border).
ANTERIOR_FACE = {DEFAULT: (0.15, 0.35, 0.5, 0.5), "C6": (0.15, 0.15, 0.8, 0.5), "C7": None}
# ... and (cerv30) the anterior bar itself reached as far below its axis midway as at its ends (2.6 mm, 2.4 at the
# tubercle): seen from the front a plank of even height. On a dry C3-C6 the costal bar is slender and the anterior
# tubercle its thickened end (Gray 1918, the cervical vertebrae). So the bar is a sdf.ProfiledBlade: its root's and
# its tubercle's sections as before, and between ANTERIOR_BAR_WAIST = (from, to) of its length it reaches only
# ANTERIOR_BAR_WAIST[2] mm below its axis (its upper border, the gutter's wall, as before), so its lower border rises
# along the bar and falls again into the tubercle (behind the front plates, so it shows little from the front).
# Working values [M]; None: the bar tapers evenly from root to tubercle: C7, and C6, which with it failed
# test_anterior_tubercle_is_the_bars_end_not_a_ball_on_a_rod (at most 1.3). (Rounding the bar's end off as well, to
# 0.7 of the tubercle's height over its last 12 %, took C4's notch between the tubercles' tips seen from above to
# 1.16 mm: floor 1.2.)
# Session 31 (cerv31, issue 10): from the front and front-oblique the process still read as a plank of even height:
# the anterior root's web (its lower border ramping to the bar's full 2.5 mm below the axis at ANTERIOR_ROOT_REACH)
# and the front plates (ANTERIOR_BORDER, ANTERIOR_FACE: 1.2 mm below) filled the bar's waist in, so 8-11 mm inside the
# process's end its outline seen from the front stood 0.97-0.98 of the tubercle's height at C3-C5 (0.89 at C6). Now
# the web and the front plates rise with the bar's lower border (_under_waist), the waist runs from 0.3 to 0.45 of
# the bar's length 0.5 mm below its axis (C3-C5), and C6 takes a shallow one, 3.6 mm below (its bar ramps to the
# carotid tubercle's 5.6): 0.77-0.80 at C3-C6 (test_cervical_front_oblique.py). Ending at 0.65 (or 0.5-0.62 at
# C3-C5, 3.2 mm at C6) the waist reached the station 6 mm medial to the tubercle's landmark and the tubercle stood
# 1.29-1.33 x the bar there (test_anterior_tubercle_is_the_bars_end_not_a_ball_on_a_rod: at most 1.3). Working
# values [M]; the bar's upper border (the gutter's front wall) is unchanged.
ANTERIOR_BAR_WAIST = {DEFAULT: (0.3, 0.45, 0.5), "C6": (0.3, 0.45, 3.6), "C7": None}
# Session 31 (cerv31b, issue 10): from the front-oblique C6's carotid tubercle still ended in a flat lit face. Its
# outermost bone was the anterior bar's own squared end (6.0 mm thick, 9.2 mm tall, edges rounded 1 mm): the bar runs
# out and forward, so the back edge of that end face stood as far out as the dome's apex, and of the end's area seen
# from the side 0.35-0.36 stood within 0.4 mm of the outermost point. C6's anterior tubercle is large and rounded, a
# knob (Gray 1918, the cervical vertebrae). So C6's bar narrows over its last stretch: from ANTERIOR_BAR_END[0] of its
# length (its ramp from the waist unchanged up to there) its section shrinks to ANTERIOR_BAR_END[1] of the tubercle's
# at its end, and a deeper dome (C6's ANTERIOR_DOME, 3.4 mm along: 0.64 of its section at the bar's end) rounds the
# tubercle off: 0.29-0.30 (test_anterior_tubercle_ends_rounded_not_square). Starting the narrowing at 0.8 with the
# tubercle's full section there filled the waist in (0.88 of the tubercle's height seen from the front: at most 0.85);
# now 0.80-0.81 (s31 0.80). Modelling values [M]; None: the bar ends at the tubercle's full section.
ANTERIOR_BAR_END: dict[str, tuple[float, float] | None] = {DEFAULT: None, "C6": (0.88, 0.6)}
# ... and the channel between the bars is shallower toward the tubercles: the costotransverse lamella's lateral end
# and the gutter's scoop there stand GUTTER_RAISE mm higher than session 9 set them, so that the process reads as one
# grooved plate (Frazer 1914: the nerve's groove lies on the process, between its tubercles) and not as two bars
# standing 3-4 mm over a floor. Beside the foramen the groove keeps (and, by the anterior root's web, gains) its
# depth. Working value [M].
# Session 15 (cerv15): C6's pillar now stands 1.6-2.8 mm further out (joints.CERVICAL_FACET_CLEAR), behind its
# process's posterior bar, so the groove's lower wall is its anterior bar's; its floor is raised this much instead
# [M]: at GUTTER_RAISE the anterior bar stood 3.0 mm over it midway and 3.5 mm near the tubercles (tests: 2.8, 3.4).
# C7's floor is not raised (its slight anterior bar ends beside the foramen).
GUTTER_RAISE = {DEFAULT: 1.4, "C6": 2.6, "C7": 0.0}
# ... and its anterior bar's upper border beside the foramen stands this far over the bar's axis (BAR_ROOT_UP
# elsewhere) [M]: with the floor raised alone the bar still stood 2.9 mm over it midway.
# C7's slight anterior bar stands 2.9 mm over its axis there [M].
ANTERIOR_BAR_ROOT_UP = {DEFAULT: BAR_ROOT_UP, "C6": 2.8, "C7": 2.9}


# Session 14 (cerv14c, issue 10): the posterior root's base. From above the posterior bar was a short lobe standing
# off the front of the pillar, a notch of open space between its back edge and the pillar's lateral face (the
# outline 1.0-2.1 mm inside the chord from the tubercle to the pillar's front), so the process read as a horn (the
# long anterior bar) with a separate knob behind. The posterior root springs from the pedicle and the front of the
# articular pillar and, with the costotransverse lamella, makes one short broad plate ending in the two tubercles
# (Gray 1918, the cervical vertebrae; Frazer 1914). A low web (see _posterior_root) leaves the pillar's lateral
# side POSTERIOR_ROOT_AT = (out, forward) mm from the pillar's centre, POSTERIOR_ROOT_BASE mm wide from above,
# standing POSTERIOR_ROOT_SPAN = (above, below) mm about its axis there (the bar's root: BAR_ROOT_UP, 2.8), and runs
# out to the posterior tubercle, its end set POSTERIOR_ROOT_END[0] mm behind the tubercle's axis and
# POSTERIOR_ROOT_END[1] mm wide there, so its back edge is the process's back border. It meets the pillar in front
# of the lateral face's middle, which stays crowned (test_pillar_lateral_face_is_convex_from_front_to_back: at
# (4.0, 3.0) the web stood proud of the face's front end). Working values [M] (no measured root width found).
POSTERIOR_ROOT_AT = (4.0, 5.0)
POSTERIOR_ROOT_BASE = 5.0
POSTERIOR_ROOT_SPAN = (2.0, 3.0)
POSTERIOR_ROOT_END = (1.2, 5.0)


# Session 21 (cerv21, issue 10): from the left the ends of C3-C6's transverse processes read as two loose balls
# beside the body: near its tip the process showed no bone between its two tubercles (the notch, carved from the
# top of the process to its bottom, parted them right through), each a rounded knob. On a dry C3-C6 the two roots
# are united lateral to the foramen by a bar whose upper surface is grooved for the spinal nerve, and the process
# ends in the two tubercles (Gray 1918, the cervical vertebrae; Frazer 1914); the bar is carried on here beneath
# the notch, which opens only above it [M], so that seen from the side the process ends as one trough with a forked
# end. An upright plate runs from one tubercle to the
# other, set INTERTUBERCULAR_SET_IN mm in from their landmarks along the process and INTERTUBERCULAR_THICK mm thick
# along it, from INTERTUBERCULAR_SPAN[1] mm above the tubercles' lower borders up to INTERTUBERCULAR_SPAN[0] mm above
# their landmarks (the bars' axes), so the groove's floor there stays as high as the lamella's (its walls at most
# 3.4 mm, test_transverse_process_is_one_grooved_plate), blended with INTERTUBERCULAR_BLEND. Modelling values [M]
# (no measured bar found). C7's slight anterior bar ends beside the foramen, so C7 has none.
# C6's is set in further [M]: its carotid tubercle stands further forward and out (ANTERIOR_FORWARD), and at 2.6 mm
# the notch between the tips seen from above kept only 1.21 mm (test_each_transverse_process_ends_in_two_tubercles:
# 1.2); at 2.85 mm 1.27-1.33 (C3-C5 at 2.6: 1.28-2.32). At 3.1 mm the bar fell more than 2.5 mm inside C6's tips and
# from the side left a 1.5 mm gap between the tubercles again (test_transverse_process_end_is_one_trough_from_the_side).
# Session 31 (cerv31): C4's is set in 2.8 mm [M]. Its notch between the tips seen from above measured 1.26 mm on main's
# default mesh only by a dip of one 0.5 mm band (9.25 mm out, its neighbours 9.67 and 10.01); the notch's floor
# elsewhere lay 1.16 mm behind the posterior tip (main's fine mesh: 1.13-1.14), and with the anterior tubercle's dome
# (ANTERIOR_DOME) filling that band the default mesh measured 1.16 (test_each_transverse_process_ends_in_two_tubercles:
# at least 1.2). At 2.8: 1.76-2.56 (default), 1.30-1.33 (fine).
INTERTUBERCULAR_SET_IN = {DEFAULT: 2.6, "C4": 2.8, "C6": 2.85}
INTERTUBERCULAR_THICK = 3.0
INTERTUBERCULAR_SPAN = (0.5, 0.3)
INTERTUBERCULAR_BLEND = 1.2
# ... and the posterior tubercle's back runs into the articular pillar's front (session 21, cerv21b). Seen from the
# side the posterior tubercle stood as a knob beside the body, parted from the pillar by a crease 1.5-2.6 mm deep
# (below the straight line from the pillar's lateral face to the tubercle's) from 0.5 to 2.5 mm above its landmark:
# the posterior root's web (POSTERIOR_ROOT_*) lies low and inside the tubercle's reach. In a dry C3-C6 the
# posterior tubercle is the flattened lateral end of the posterior root, whose outer face runs from the front of
# the pillar out to it with no groove (Gray 1918, the cervical vertebrae). An upright plate
# POSTERIOR_SHOULDER_THICK mm thick has its outer face run straight from POSTERIOR_SHOULDER_FROM mm (out, forward)
# off the pillar's centre to POSTERIOR_SHOULDER_TO mm (out, back) off the tubercle's landmark; its lower border
# POSTERIOR_SHOULDER_SPAN[0] mm above the landmark, its upper border rising from SPAN[1] mm above it at the pillar to
# SPAN[2] at the tubercle. SPAN[1] is as high as the pillar's rounding from back to front allows (C3 2.0, C4 1.5:
# at 2.25 and 1.75 the face 3 mm in front of the pillar's middle stood 0.29 and 0.19 mm in from it,
# test_pillar_lateral_face_is_convex_from_front_to_back: floor 0.3), so over the tubercle's top a crease remained
# (filled in session 24: POSTERIOR_CREST_*).
# All modelling values [M]; C7 (its long posterior bar stands off the pillar) has none.
POSTERIOR_SHOULDER_FROM = (6.0, 1.5)
POSTERIOR_SHOULDER_TO = (0.6, 1.6)
POSTERIOR_SHOULDER_SPAN = {DEFAULT: (0.5, 2.5, 3.5), "C3": (0.5, 2.0, 3.5), "C4": (0.5, 1.5, 3.5)}
POSTERIOR_SHOULDER_THICK = 4.0
POSTERIOR_SHOULDER_BLEND = 1.4
# ... and over the tubercle's top too (session 24, cerv24, issue 10). Above the shoulder (from 3 to 3.5 mm over the
# tubercle's landmark) the outline seen from the left still fell 2.3-3.1 mm inside the straight line from the
# pillar's middle to the tubercle: a crease curved round the back of the tubercle's dome, where its top met the
# rounded front of the pillar, so the tubercle read as a knob pressed against the column. On a dry C3-C6 the upper
# border of the posterior root runs back from the tubercle and rises into the front of the articular pillar, the
# back wall of the nerve's gutter (Gray 1918, the cervical vertebrae). A second upright plate, above the shoulder,
# carries the tubercle's top back to the pillar: its outer face runs straight from POSTERIOR_CREST_FROM mm (out,
# forward) off the pillar's centre, set in from the pillar's face (whose front stays rounded above and below the
# root), to POSTERIOR_CREST_TO mm (out, back) off the tubercle's landmark; it stands from POSTERIOR_CREST_SPAN[0]
# mm above the landmark up to SPAN[1] at the pillar and SPAN[2] at the tubercle, POSTERIOR_CREST_THICK mm thick,
# its edges rounded POSTERIOR_CREST_ROUND and blended over POSTERIOR_CREST_BLEND. All modelling values [M]; C7
# (its long posterior bar stands off the pillar) has none. C6's plate starts 0.5 mm further back [M]: its pillar
# stands further out (joints.CERVICAL_FACET_CLEAR), and from 2.0 mm forward the outline still dipped 1.6 mm just in
# front of the pillar's middle.
POSTERIOR_CREST_FROM = {DEFAULT: (5.0, 2.0), "C6": (5.0, 1.5)}
POSTERIOR_CREST_TO = (0.4, 1.4)
POSTERIOR_CREST_SPAN = (2.0, 3.75, 3.9)
POSTERIOR_CREST_THICK = 3.0
POSTERIOR_CREST_ROUND = 0.8
POSTERIOR_CREST_BLEND = 1.2
# ... and under it (session 24, cerv24b, issue 10). From 0.5 to 1.5 mm below the tubercle's landmark the outline seen
# from the left fell 3.5-5.5 mm inside the straight line from the pillar's middle to the tubercle at C3, C5 and C6
# (C4 from 1.5 mm down): a dark slot between the front of the pillar and the back of the posterior bar. It was not a
# missing part but the inferior facet's chamfer (sdf.Facet with FACET_BEVEL, down to FACET_BEVEL_DEPTH), cut after
# every union: in front of the facet's front edge it took a band of bone 1.6 mm deep (square to the facet plane) off
# the pillar's anteroinferior corner and the posterior root's foot out to 1.6 x the facet's oval, in line with the
# facet plane, so bone added before the cuts (cerv24 lowered the shoulder 2 mm) could not fill it. On a dry C3-C6 the
# posterior root leaves the front of the articular pillar above the inferior process and its lower border runs
# out to the tubercle (Gray 1918, the cervical vertebrae). So after the facet cuts (Design.add_late) an upright
# plate, its outer face on the shoulder's line (POSTERIOR_SHOULDER_FROM to _TO), stands from POSTERIOR_UNDERSIDE_SPAN
# [0] mm to SPAN[1] mm over the landmark, POSTERIOR_UNDERSIDE_THICK mm thick, rounded POSTERIOR_UNDERSIDE_ROUND and
# blended over POSTERIOR_UNDERSIDE_BLEND. It is kept POSTERIOR_UNDERSIDE_CLEAR mm behind the inferior facet's plane out
# to POSTERIOR_UNDERSIDE_SPREAD x the facet's oval (the facet's face and the start of its chamfer stay as cut: at 0.3
# mm all the way, C6's inferior facet measured 13.6 mm from front to back, 10 % over its 12.3), and beyond that the
# limit rises toward the plane by POSTERIOR_UNDERSIDE_RISE mm per mm (at 0.6 a slot 3.2-4.0 mm deep stayed at C3 1.5
# mm down); the new bone keeps 2.4-2.8 mm from the next vertebra (the nearest bone-to-bone distance, the joint's own
# gap, stays 1.98-1.99 mm). All modelling values [M]; C7 (its long posterior bar stands off the pillar) has none.
POSTERIOR_UNDERSIDE_SPAN = (-2.0, 1.0)
POSTERIOR_UNDERSIDE_THICK = 4.0
POSTERIOR_UNDERSIDE_ROUND = 1.0
POSTERIOR_UNDERSIDE_BLEND = 0.8
POSTERIOR_UNDERSIDE_CLEAR = 0.6
POSTERIOR_UNDERSIDE_SPREAD = 1.3
POSTERIOR_UNDERSIDE_RISE = 0.9


# Session 22 (cerv22, issue 10): the anterior tubercle of C3-C5 a small forward point. Seen from the left it was the
# bar's domed end, 7.4-7.6 mm tall and nearly as tall 0.5 mm behind its front (0.66-0.68 of that), a rounded knob
# standing over the body's side (C6's carotid tubercle: 9.6 mm). On a dry C3-C5 the costal process ends in the
# anterior tubercle at the front of the nerve's gutter, the sixth's being the large carotid tubercle (Gray 1918,
# the cervical vertebrae); read off lateral views of dry C3-C5, it is a small point directed forward [M]. So the
# bar's end is smaller (ANTERIOR_TUBERCLE's DEFAULT 3.4 mm thick, 3.0 above and 2.4 below its axis; was 4.6, 3.0,
# 4.0: its top, the gutter's front wall, keeps its height) and, in place of the dome, a short tapering bar runs from
# beside the landmark ANTERIOR_POINT = (reach, out, down, tip up, tip down, tip thick, rounding) mm: ``reach`` mm along
# (out, 1, -down) (forward and a little down, not outward: the table's tip-to-tip span is held), its section the
# bar's end at the landmark and (tip up, tip down, tip thick) at its tip, edges rounded by ``rounding``. From the
# side the tubercle is 5.6 mm tall at its landmark and tapers to a blunt tip 2.5 mm in front of it. All modelling
# values [M]; C6 (the carotid tubercle) and C7 (slight costal element) keep their domes.
# Session 31 (cerv31): ``out`` 0.3 (was 0.0), so that the tip stays where it was with its start set further in
# (ANTERIOR_POINT_IN): started 0.8 mm further in alone, the point's front stood on the chord of
# test_transverse_process_front_border_runs_straight_to_the_tubercle, which then measured 0.51-0.66 mm (at most 0.6;
# now 0.25-0.37, main 0.19-0.22) [M].
ANTERIOR_POINT = {DEFAULT: (2.8, 0.3, 0.5, 0.7, 0.7, 1.4, 0.7), "C6": None, "C7": None}
# ... its start set ANTERIOR_POINT_IN mm medial to the landmark, so that the point's lateral face reaches no further out
# than the dome did and the process spans the table's tip-to-tip width as before (50.72, 52.38, 55.33 mm at C3-C5;
# at 0 it grew 0.4-0.8 mm) [M]. Session 31: 1.4 (was 0.6), inside the dome (ANTERIOR_DOME) [M].
ANTERIOR_POINT_IN = 1.4
# Session 31 (cerv31, issue 10): seen from the front-oblique the process of C3-C5 ended square. Its outermost bone was
# the point's flat lateral face (a box's side, 5.4 mm tall, its edges rounded 0.7 mm) standing 1.1 mm past the bar's
# squared end: of the end's area seen from the side (bone within 2 mm of the outermost point) 0.40-0.42 stood within
# 0.4 mm of it. On a dry C3-C6 each bar ends in a rounded tubercle that flares from it (Gray 1918, the cervical
# vertebrae). So the process ends in a low dome again, an ellipsoid ANTERIOR_DOME = (along, across, tall) semi-axes
# whose outer end lies 0.8 mm past the landmark as the 2.4 mm domes' do (C6's carotid tubercle and C7 keep theirs:
# None), with the point started inside it (ANTERIOR_POINT_IN) and its section narrowing to ANTERIOR_POINT_EDGE of its
# width at its upper and lower borders (a rounded side, not a flat face): 0.27-0.30 (test_cervical_front_oblique.py;
# an ellipsoid alone 0.31). Session 22's dome was 3.7 mm tall about the axis (7.4-7.6 mm from the side); this one
# 2.45 keeps the tubercle 6.0 mm tall from the side (test_anterior_tubercle_is_a_small_forward_point_from_the_side:
# at most 6.2). At 1.7 mm across (the bar's half thickness) it filled the notch between the tubercles' tips seen
# from above at C4 to 1.18 mm (test_each_transverse_process_ends_in_two_tubercles: at least 1.2). Modelling values [M].
ANTERIOR_POINT_EDGE = 0.5
ANTERIOR_DOME: dict[str, tuple[float, float, float] | None] = {DEFAULT: (2.4, 1.45, 2.45), "C6": (3.4, 3.0, 4.6),
                                                                "C7": None}


# C7's anterior bar (its costal element) is slight and short: it ends this far (mm) beyond the foramen's ring,
# and the long stout posterior bar carries the process on to its single large posterior tubercle (a working
# value [M] from drawings of dry C7; its anterior bar read as a second bar parallel to the posterior one).
C7_ANTERIOR_REACH = 3.0
# Session 27 (cerv27, issue 10): from the left C7's transverse process read as a rectangular box standing in front of
# the pillar. Its long posterior bar was a sdf.Blade whose section is a box rounded only 1.6 mm at its edges (9.7 mm
# tall, 6.4 mm thick near its end): in sections square to the process its back face and lower border ran straight for
# 4.6-6.6 mm, and it ended in a flat face. C7's transverse process is long and strong, mostly its posterior root,
# with a slight anterior root, and ends in a single rounded tubercle (Gray 1918, the seventh cervical vertebra:
# posterior roots thick and prominent, anterior roots small, the extremity seldom more than a trace of
# bifurcation); its front and back are rounded. So C7's posterior bar is a sdf.ProfiledBlade whose section narrows
# toward its upper and lower borders, C7_POSTERIOR_BAR = (station, up, down, width, width at the upper border, at
# the axis, at the lower border) along it, rounded by C7_POSTERIOR_BAR_ROUND (an oval, not a box), tapering at its
# end into the tubercle's dome, an ellipsoid C7_POSTERIOR_DOME = (along, across, tall) semi-axes whose outer end
# stays where the old dome's did (the table's tip-to-tip span is held). Working values [M] (no measured section
# of C7's transverse process found).
C7_POSTERIOR_BAR = ((0.0, 3.2, 2.8, 4.4, 0.5, 1.0, 0.5), (0.7, 4.0, 4.6, 6.4, 0.5, 1.0, 0.5),
                    (1.0, 3.2, 3.6, 5.0, 0.5, 1.0, 0.5))
C7_POSTERIOR_BAR_ROUND = 1.6
C7_POSTERIOR_DOME = (3.4, 3.2, 4.4)


# What kind of part a level carries, where the plan itself differs: C7's column stands upright with a deep inferior
# process (PILLAR_HEIGHT_C7, PILLAR_FRONT_LEAN_C7, INFERIOR_PROCESS_DEPTH_C7, PILLAR_RIM_DROP_BELOW_C7), its costal
# element is slight (C7_ANTERIOR_REACH) and its spine long and single; its lower body carries no bevel for an
# uncinate below (T1 has none); C3's anterosuperior rim is bevelled under the lip of C2; C6 has the carotid tubercle.
UPRIGHT_COLUMN = {DEFAULT: False, "C7": True}
SLIGHT_COSTAL = {DEFAULT: False, "C7": True}
SINGLE_SPINE = {DEFAULT: False, "C7": True}
UNCINATE_BEVEL_BELOW = {DEFAULT: True, "C7": False}
C2_LIP_BEVEL = {DEFAULT: False, "C3": True}
CAROTID = {DEFAULT: False, "C6": True}


def _at(table: dict, level: str):
    """``table``'s entry for ``level``, or its DEFAULT."""
    return table.get(level, table[DEFAULT])


@dataclass(frozen=True)
class LevelShape:
    """Every per-level figure of one of C3-C7, read from the tables above (see level_shape)."""

    level: str
    lamina_tilt: float
    lamina_root_reach: float
    fillet_inset: float
    pillar_rim_lateral: float
    pillar_waist: float
    pillar_side_waist: float
    pillar_crown: float
    pillar_crown_front_reach: float
    pillar_rim_skirt: tuple[float, float] | None
    pillar_side_swell: tuple[float, float, float, float, float, float] | None
    pillar_tip_round: float | None
    pillar_tip_medial: float
    artery_clear: tuple[float, float, float, float, float, float] | None
    artery_rim: tuple[float, float, float, float] | None
    artery_mouth: tuple[float, float, float, float, float] | None
    pillar_heel: tuple[float, float] | None
    pedicle_lift: float
    gutter_raise: float
    anterior_bar_root_up: float
    anterior_tubercle: tuple[float, float, float]
    anterior_point: tuple | None
    anterior_dome: tuple[float, float, float] | None
    posterior_tubercle: tuple[float, float, float]
    anterior_inset: float
    posterior_inset: float
    anterior_forward: float
    anterior_bar_thick: float
    posterior_bar_thick: float
    anterior_face: tuple[float, float, float, float] | None
    anterior_bar_waist: tuple[float, float, float] | None
    anterior_bar_end: tuple[float, float] | None
    tubercle_out: float
    intertubercular_set_in: float
    upright_column: bool
    slight_costal: bool
    single_spine: bool
    uncinate_bevel_below: bool
    c2_lip_bevel: bool
    carotid: bool
    lamina_plan: str
    lamina_bar: float
    lamina_plate: float
    lamina_foot_rise: float
    lamina_root_sink: float
    spine_root_up: float
    spine_root_on_laminae: bool
    lamina_junction: tuple[float, float, float, float]
    uncinate_set_in: float
    uncinate_reach: float
    uncinate_height: float
    uncinate_base: float
    uncinate_round: tuple[float, float] | None
    foramen_medial_wall: tuple[float, float, float, float] | None
    foramen_oval: tuple[float, float] | None


def level_shape(level: str) -> LevelShape:
    """The one place where per-level figures are read: each {level: value} table at ``level``."""
    return LevelShape(
        level=level, lamina_tilt=_at(LAMINA_TILT, level), lamina_root_reach=_at(LAMINA_ROOT_REACH, level),
        fillet_inset=_at(FILLET_INSET, level), pillar_rim_lateral=_at(PILLAR_RIM_LATERAL, level),
        pillar_waist=_at(PILLAR_WAIST, level), pillar_side_waist=_at(PILLAR_SIDE_WAIST, level),
        pillar_crown=_at(PILLAR_CROWN, level), pedicle_lift=_at(PEDICLE_LIFT, level),
        pillar_crown_front_reach=_at(PILLAR_CROWN_FRONT_REACH, level),
        pillar_rim_skirt=_at(PILLAR_RIM_SKIRT, level), pillar_side_swell=_at(PILLAR_SIDE_SWELL, level),
        pillar_tip_round=_at(PILLAR_TIP_ROUND, level), pillar_tip_medial=_at(PILLAR_TIP_MEDIAL, level),
        artery_clear=_at(ARTERY_CLEAR, level), artery_rim=_at(ARTERY_RIM, level),
        artery_mouth=_at(ARTERY_MOUTH, level),
        pillar_heel=(None if _at(PILLAR_HEEL_BLEND, level) is None
                     else (_at(PILLAR_HEEL_BLEND, level), _at(PILLAR_HEEL_BACK, level))),
        gutter_raise=_at(GUTTER_RAISE, level), anterior_bar_root_up=_at(ANTERIOR_BAR_ROOT_UP, level),
        anterior_tubercle=_at(ANTERIOR_TUBERCLE, level), anterior_point=_at(ANTERIOR_POINT, level),
        anterior_dome=_at(ANTERIOR_DOME, level),
        posterior_tubercle=_at(POSTERIOR_TUBERCLE, level),
        anterior_inset=_at(ANTERIOR_INSET, level), posterior_inset=_at(POSTERIOR_INSET, level),
        anterior_forward=_at(ANTERIOR_FORWARD, level), anterior_bar_thick=_at(ANTERIOR_BAR_THICK, level),
        posterior_bar_thick=_at(POSTERIOR_BAR_THICK, level), anterior_face=_at(ANTERIOR_FACE, level),
        anterior_bar_waist=_at(ANTERIOR_BAR_WAIST, level), anterior_bar_end=_at(ANTERIOR_BAR_END, level),
        tubercle_out=_at(TUBERCLE_OUT, level),
        intertubercular_set_in=_at(INTERTUBERCULAR_SET_IN, level),
        upright_column=_at(UPRIGHT_COLUMN, level), slight_costal=_at(SLIGHT_COSTAL, level),
        single_spine=_at(SINGLE_SPINE, level), uncinate_bevel_below=_at(UNCINATE_BEVEL_BELOW, level),
        c2_lip_bevel=_at(C2_LIP_BEVEL, level), carotid=_at(CAROTID, level), lamina_plan=_at(LAMINA_PLAN, level),
        lamina_bar=_at(LAMINA_BAR, level), lamina_plate=_at(LAMINA_PLATE, level),
        lamina_foot_rise=_at(LAMINA_FOOT_RISE, level), lamina_root_sink=_at(LAMINA_ROOT_SINK, level),
        spine_root_up=_at(SPINE_ROOT_UP, level), spine_root_on_laminae=_at(SPINE_ROOT_ON_LAMINAE, level),
        lamina_junction=_at(LAMINA_JUNCTION, level),
        uncinate_set_in=_at(UNCINATE_SET_IN, level),
        uncinate_reach=_at(UNCINATE_REACH, level),
        uncinate_height=UNCINATE_HEIGHT[level], uncinate_base=UNCINATE_BASE[level],
        uncinate_round=_at(UNCINATE_ROUND, level),
        foramen_medial_wall=_at(FORAMEN_MEDIAL_WALL, level),
        foramen_oval=_at(FORAMEN_OVAL, level),
    )


def cervical(d: LevelDimensions, above: list[LocalJoint], below: list[LocalJoint]) -> Design:
    design = Design(d.level.name, spacing=0.4, facet_moat=0.0, facet_bevel=FACET_BEVEL,
                    facet_bevel_depth=FACET_BEVEL_DEPTH)
    hc, depth, w = d.body_height, d.epd, d.epw
    ls = level_shape(d.level.name)
    body(design, d, body_outline(w / 2, depth / 2), edge=1.2, waist=0.05)
    # the anterior border of the lower surface prolonged downward as a lip (LOWER_LIP): a thin layer with the
    # body's own outline whose lower face slopes down toward the front, so the front face runs on down into it
    rise, drop, k_lip = LOWER_LIP
    design.add(sdf.Profile(centre=(0.0, 0.0, 0.0), radius=body_outline(w / 2, depth / 2),
                           top=(-d.vbhp / 2 + rise + 2.0, -d.vbha / 2 + 2.0),
                           bottom=(-d.vbhp / 2 + rise, -d.vbha / 2 - drop), depth=depth,
                           r_max=max(w, depth) * 0.62, edge=1.2), k=k_lip)
    back = -depth / 2
    height, base_w = ls.uncinate_height, ls.uncinate_base
    for side in SIDES:  # uncinate processes: lips rising from the posterolateral rims of the upper endplate
        sx = 1.0 if side == "right" else -1.0
        # a wedge in section (broad base, rounded crest, its medial face sloping down into the endplate,
        # which is thereby saddle-shaped: concave from side to side), highest behind and fading out in front.
        # Its midline leans out, so that its lateral face stands upright, flush with the body's side.
        sink = 0.4  # the wedge's foot lies this far inside the body, under the endplate
        lean = 0.5 * (base_w - UNCINATE_CREST) / (height + sink)
        x = sx * (w / 2 - base_w / 2 - ls.uncinate_set_in)
        z0 = hc / 2 - sink
        # It stands on the posterior UNCINATE_REACH of the lateral rim only, rising from nothing in front.
        front, peak = back + ls.uncinate_reach * depth, back + UNCINATE_PEAK * depth
        top, corner = height + sink, UNCINATE_BACK * height + sink
        if ls.uncinate_round is not None:  # (UNCINATE_ROUND) one bar whose crest is rounded along its length
            rows = _uncinate_profile(front, peak, back + 1.2, sink, height, base_w, ls.uncinate_round)
            design.add(sdf.ProfiledBlade((x, front, z0), (x, back + 1.2, z0), (sx * lean, 0.0, 1.0), profile=rows,
                                         r=1.2), k=1.2)
        else:
            design.add(sdf.Blade((x, front, z0), (x, peak, z0), (sx * lean, 0.0, 1.0),
                                 up=(sink, top), down=(0.6, 0.6),
                                 thick=(base_w, 1.15 * base_w), ridge=UNCINATE_CREST / base_w, r=1.2), k=1.2)
            design.add(sdf.Blade((x, peak, z0), (x, back + 1.2, z0), (sx * lean, 0.0, 1.0),
                                 up=(top, corner), down=(0.6, 0.6),
                                 thick=(1.15 * base_w, 1.25 * base_w), ridge=UNCINATE_CREST / base_w, r=1.2), k=1.2)
        # the endplate rises gently toward each lip: concave from side to side (a saddle), a low swell at the
        # lip's foot and not a second wall beside it (with the lip, that read as a chair's back from above)
        ramp = sx * (w / 2 - base_w + 0.5)
        design.add(sdf.Blade((ramp, front, hc / 2 - 1.2), (ramp, back + 1.4, hc / 2 - 1.2), (0.0, 0.0, 1.0),
                             up=(1.0, 2.4), down=(1.2, 1.2), thick=(3.0, 4.0), ridge=0.15, r=0.8),
                   k=1.2)
        design.mark(f"uncinate_{side}", (x, peak, hc / 2 + height))
        if ls.uncinate_bevel_below:  # the bevel of the inferolateral lip that rides on the next level's uncinate
            foot = np.array([sx * (w / 2 - 6.5), 0.0, -hc / 2])
            slope = np.array([sx * 6.5, 0.0, 6.0]) / np.hypot(6.5, 6.0)
            away = np.array([sx * 6.0, 0.0, -6.5]) / np.hypot(6.5, 6.0)
            design.carve(sdf.RoundBox(foot + 7.0 * slope + 5.0 * away, (7.0, 0.5 * depth + 1.0, 5.0),
                                      np.column_stack([slope, (0.0, 1.0, 0.0), away]), 0.5), k=1.0)
    if ls.c2_lip_bevel:  # its anterosuperior rim is bevelled where the lip of C2 hangs over it
        design.carve(sdf.Ellipsoid((0.0, depth / 2 + 3.5, hc / 2 + 0.6), (w / 2.4, 7.0, 2.4)), k=1.2)
    sup, inf = {j.side: j for j in above}, {j.side: j for j in below}
    base = np.array([0.0, back - d.cd, -0.15 * hc])
    design.mark("spinous_base", base)
    canal_y = back - d.cd / 2
    prism = canal_outline(d)
    fronts = {}
    for side in SIDES:
        centre, back_y = _pillar(design, sup[side], inf[side], ls.pillar_waist, ls.pillar_side_waist,
                                 upright=ls.upright_column, canal_prism=prism, rim_lateral=ls.pillar_rim_lateral,
                                 crown=(ls.pillar_crown, ls.pillar_crown_front_reach), skirt=ls.pillar_rim_skirt,
                                 swell=ls.pillar_side_swell,
                                 tip=ls.pillar_tip_round, heel=ls.pillar_heel, tip_medial=ls.pillar_tip_medial)
        mid, axis = pedicle_axis(d, {"canal_centre": (0.0, canal_y, 0.0)}, side)
        # clear of the plane of the inferior facet below and behind it
        zp = 0.12 * hc + ls.pedicle_lift
        start, end = canal_true_strut(d, side, zp, 2.5, -2.5)
        design.add_late(strut(start, end, d.pw, d.ph), k=0.6)
        design.mark(f"pedicle_{side}", (mid[0], mid[1], zp))
        fronts[side] = _lamina(design, d, ls, side, centre, base, sup[side])
        _lamina_root(design, d, ls, side, centre, base, back_y, sup[side], inf[side])
        foramen = _transverse(design, d, ls, side, centre, mid, axis, inf[side])
        if ls.artery_clear is not None:
            _artery_path(design, foramen, sup[side], ls.artery_clear, ls.artery_rim)
        if ls.artery_mouth is not None:
            _artery_mouth(design, foramen, ls.artery_mouth)
    _spinous(design, d, ls, base, fronts["right"])
    canal(design, d, "triangle")
    return design


def _uncinate_profile(front: float, peak: float, corner: float, sink: float, height: float, base_w: float,
                      powers: tuple[float, float]) -> tuple:
    """The uncinate lip's sections along the rim (sdf.ProfiledBlade rows), from its front end to its back corner.

    The crest stands ``sink`` mm over the bar's axis at the front (the endplate's level), ``height`` + ``sink`` at
    ``peak`` and UNCINATE_BACK x ``height`` + ``sink`` at the back corner (y = ``corner``), as the two straight bars
    before it did, but between them it follows UNCINATE_ROUND's curves, level at the peak, so that the crest is
    rounded along its length. The wedge's section is the straight bars' (base ``base_w`` to 1.25 ``base_w`` wide,
    its crest UNCINATE_CREST / ``base_w`` of that, 0.6 mm under the axis).
    """
    down, ridge = 0.6, UNCINATE_CREST / base_w
    front_power, back_power = powers
    rows = []
    for t in np.linspace(0.0, 1.0, 25):
        y = front + t * (corner - front)
        if (y - peak) * (front - peak) > 0:  # in front of the peak: falling to nothing at the front end
            f = max(1.0 - ((y - peak) / (front - peak)) ** 2, 0.0) ** front_power
            thick = base_w * (1.0 + 0.15 * (y - front) / (peak - front))
        else:  # behind it: falling to UNCINATE_BACK at the corner
            f = 1.0 - (1.0 - UNCINATE_BACK) * ((y - peak) / (corner - peak)) ** back_power
            thick = base_w * (1.15 + 0.1 * (y - peak) / (corner - peak))
        up = sink + f * height
        mid = 1.0 - (1.0 - ridge) * down / (up + down)
        rows.append((t, up, down, thick, ridge, mid, 1.0))
    return tuple(rows)


def body_outline(a: float, b: float):
    """The body's outline from above: a rounded rectangle behind (BODY_BACK_POWER), an oval in front.

    The front half's exponent eases from BODY_BACK_POWER at the sides to BODY_FRONT_POWER straight ahead, so
    the outline and its slope run on smoothly at the lateral borders; half-width ``a`` and half-depth ``b``
    are the table's and stay exact (at 0 and 90 degrees every superellipse passes through them).
    """
    back = superellipse(a, b, BODY_BACK_POWER)

    def radius(theta):
        s = np.sin(theta)
        n = BODY_BACK_POWER + (BODY_FRONT_POWER - BODY_BACK_POWER) * np.clip(s, 0.0, 1.0) ** 0.5
        c, sa = np.abs(np.cos(theta)), np.abs(s)
        front = (np.power(c / a, n) + np.power(sa / b, n)) ** (-1.0 / n)
        return np.where(s > 0.0, front, back(theta))

    return radius


def canal_outline(d: LevelDimensions) -> sdf.Shape:
    """The canal's prism as :func:`common.canal` cuts it (the same shape, taken from a scratch design)."""
    scratch = Design(d.level.name)
    canal(scratch, d, "triangle")
    return scratch.late_ops[0][1]


@dataclass
class _BehindFacetInCanal(sdf.Shape):
    """Inside the canal's prism further than ``lip - CANAL_SLOPE x depth behind the facet plane`` (CANAL_SLOPE).

    Negative where bone put back under a facet after the canal's cut must not stand: at the facet plane it may
    reach ``lip`` mm into the canal, and each mm deeper behind the plane CANAL_SLOPE mm less.
    """

    prism: sdf.Shape
    centre: np.ndarray
    normal: np.ndarray  # the facet's outward normal: bone lies on its negative side
    lip: float

    def bounds(self):
        return self.prism.bounds()

    def sdf(self, x, y, z):
        c, n = self.centre, self.normal
        depth = -((x - c[0]) * n[0] + (y - c[1]) * n[1] + (z - c[2]) * n[2])
        inside = self.prism.sdf(x, y, z)
        return np.maximum(inside, (inside + self.lip - CANAL_SLOPE * depth) / np.hypot(1.0, CANAL_SLOPE))


@dataclass
class _Without(sdf.Shape):
    """``shape`` with ``cut`` taken out (a smooth difference), as one shape for :meth:`Design.add_late`."""

    shape: sdf.Shape
    cut: sdf.Shape
    k: float = CANAL_CLIP_BLEND

    def bounds(self):
        return self.shape.bounds()

    def sdf(self, x, y, z):
        return sdf.smax(self.shape.sdf(x, y, z), -self.cut.sdf(x, y, z), self.k)


def _short_of(stop: tuple | None, shape: sdf.Shape) -> sdf.Shape:
    """``shape`` kept behind the plane ``stop`` (point, outward normal), or as it is if there is none."""
    return shape if stop is None else sdf.Behind(shape, *stop)


def _canal_clip(prism: sdf.Shape | None, j: LocalJoint, rim: float, drop: float, shape: sdf.Shape) -> sdf.Shape:
    """``shape``, bone under facet ``j`` put back after the canal's cut, kept out of the canal behind the face.

    The lip it keeps at the plane is the facet's own overhang into the canal plus the band's medial width
    ``rim``, and enough more that the band's top, ``drop`` mm behind the plane, keeps its whole width (and the
    smooth difference, CANAL_CLIP_BLEND, does not round it off: at C5 the rim seen from above fell to 0.9 mm).
    """
    if prism is None:
        return shape
    u, v, hu, hv = facet_axes(j)
    t = np.linspace(0.0, 2 * np.pi, 72, endpoint=False)
    oval = np.asarray(j.centre, float) + np.outer(hu * np.cos(t), u) + np.outer(hv * np.sin(t), v)
    overhang = max(float(np.max(-prism.sdf(oval[:, 0], oval[:, 1], oval[:, 2]))), 0.0)
    lip = overhang + rim + CANAL_SLOPE * drop + CANAL_CLIP_BLEND
    return _Without(shape, _BehindFacetInCanal(prism, np.asarray(j.centre, float), np.asarray(j.normal, float),
                                               lip))


def _upper_border(d: LevelDimensions, ls: LevelShape, start: np.ndarray, base: np.ndarray,
                  s: LocalJoint) -> tuple[float, float]:
    """The lamina's upper border (before the plate's tilt): its heights over ``start`` and over ``base``.

    At the spine's root 0.3 of the body's height + 1.5 mm above the spinous base (where the spine's root stands
    tall). At the pillar, "band" (C3-C6): LAMINA_TOP_BELOW_FACET below the superior
    facet's posterior edge; "plate" (C7, session 15): 0.55 x LAMINA_HEIGHT above the pillar's centre (along the
    plate).
    """
    if ls.lamina_plan == "band":
        _u, v, _hu, hv = facet_axes(s)
        posterior_edge = float((np.asarray(s.centre, float) - hv * v)[2])
        return posterior_edge - LAMINA_TOP_BELOW_FACET - float(start[2]), (0.3 * d.body_height + 1.5)
    rise = 1.0 / np.cos(np.radians(ls.lamina_tilt))
    return 0.55 * LAMINA_HEIGHT * rise, (0.3 * d.body_height + 1.5)


def _lamina(design: Design, d: LevelDimensions, ls: LevelShape, side: str, pillar: np.ndarray,
            base: np.ndarray, s: LocalJoint) -> tuple[np.ndarray, np.ndarray, float]:
    """The lamina: a plate of the measured thickness from the back of the pillar to the spine's root.

    It lies wholly behind the canal's outline (its front face on the canal's border), so the late canal
    cut leaves its full thickness instead of shaving it to a membrane; it slopes down and back. Returns its
    anterior (canal) face as a plane (a point on it and its unit normal, into the canal) and the height of its
    lower border at the spine's root.
    """
    sx = 1.0 if side == "right" else -1.0
    start = pillar + (-sx * 5.0, -1.2, 0.0)  # at the pillar's posteromedial corner
    along = (base - start) * (1.0, 1.0, 0.0)
    along /= np.linalg.norm(along)
    inward = np.array([-along[1], along[0], 0.0])  # horizontal, square to the lamina
    if inward @ (np.array([0.0, -d.epd / 2 - d.cd / 2, 0.0]) - start) < 0:
        inward = -inward
    off = -inward * (LAMINA_THICKNESS / 2 + 0.4)
    # the plate's borders, measured along it: upper border level, lower one
    # dropping toward the spine's root, so the plate slopes down and back from the pillar
    tilt_deg = ls.lamina_tilt
    rise = 1.0 / np.cos(np.radians(tilt_deg))  # a vertical span projects onto the plate shortened
    top_p, top_b = _upper_border(d, ls, start, base, s)
    band = ls.lamina_plan == "band"
    foot = along * LAMINA_FOOT_INSET if band else 0.0
    # its lower border raised at the pillar and lowered at the spine's root (LAMINA_FOOT_RISE, LAMINA_ROOT_SINK)
    rise_p, sink_b = ls.lamina_foot_rise, ls.lamina_root_sink
    pts = [start + off + (0.0, 0.0, top_p), base + off + (0.0, 0.0, top_b),
           base + off + (0.0, -1.5, top_b - LAMINA_ROOT_HEIGHT * rise - sink_b),
           start + off + foot + (0.0, -1.0, top_p - LAMINA_HEIGHT * rise + rise_p)]
    # the plate hinges back about its upper border: the lower border lies behind the upper one, so the
    # plate faces up and back and shows as a band from above (a vertical plate showed only its 3 mm edge)
    tilt = np.radians(tilt_deg)
    normal = np.cos(tilt) * inward - np.sin(tilt) * np.array([0.0, 0.0, 1.0])
    hinge = 0.5 * (pts[0] + pts[1])
    # (the plate LAMINA_THICKNESS throughout; its lower border rolls into the thicker bar, _lamina_bar)
    design.add(slab(pts, ls.lamina_plate, r=0.8, normal=normal, centre=hinge), k=1.2)
    _lamina_bar(design, [pts[3], pts[2]], normal, hinge, ls.lamina_bar)
    if ls.single_spine:  # C7: the plate broadens into the spine's root (C7_LAMINA_WEB)
        _lamina_web(design, d, pts, normal, hinge, base, pillar, side)
    if side == "right":  # the junction forward to the table's canal depth (both laminae's, mirrored)
        _lamina_junction(design, d, ls, pts, hinge + 0.5 * ls.lamina_plate * normal, normal)
    mid = 0.5 * (start + base) + off
    if ls.lamina_plan == "band":  # mid-length and mid-height: the band no longer reaches up past the pillar's centre
        mid = np.mean(pts, axis=0)
    design.mark(f"lamina_{side}", mid - ((mid - hinge) @ normal) * normal)
    low = pts[2] - ((pts[2] - hinge) @ normal) * normal  # the lower border at the spine's root, on the plate
    return hinge + 0.5 * ls.lamina_plate * normal, normal, float(low[2])


def _lamina_web(design: Design, d: LevelDimensions, pts: list[np.ndarray], normal: np.ndarray, hinge: np.ndarray,
                base: np.ndarray, pillar: np.ndarray, side: str) -> None:
    """C7's plate broadening into its spine's root and onto its pillar's back (C7_LAMINA_WEB, C7_LAMINA_FOOT_WEB).

    Two plates in the lamina's own plane (through ``hinge`` square to ``normal``), from its lower border (``pts`` as
    given to the plate) back to a point on that plane behind the spine's side or the pillar's back: the two ends of
    the lower border swept back into them.
    """
    sx = 1.0 if side == "right" else -1.0
    on = [p - ((p - hinge) @ normal) * normal for p in pts]

    def on_plane(x: float, y: float) -> np.ndarray:  # the point of the plate's plane over (x, y)
        return np.array([x, y, hinge[2] - (normal[0] * (x - hinge[0]) + normal[1] * (y - hinge[1])) / normal[2]])

    reach, back, beside, thick = C7_LAMINA_WEB
    tail = base + back * spinous_tip_direction(d) * (1.0, 1.0, 0.0) + (sx * beside, 0.0, 0.0)
    low = on[3] + reach * (on[2] - on[3])
    design.add(slab([low, on[2], on_plane(tail[0], tail[1])], thick, r=1.0, normal=normal, centre=hinge), k=1.2)
    reach, inset, behind, thick = C7_LAMINA_FOOT_WEB
    tail = on_plane(pillar[0] - sx * inset, pillar[1] - behind)
    low = on[3] + reach * (on[2] - on[3])
    design.add(slab([on[3], low, tail], thick, r=1.0, normal=normal, centre=hinge), k=1.2)


def _lamina_junction(design: Design, d: LevelDimensions, ls: LevelShape, pts: list[np.ndarray], front: np.ndarray,
                     normal: np.ndarray) -> None:
    """Bone filling the laminae's junction forward to the table's canal depth (LAMINA_JUNCTION, _JunctionWedge).

    ``pts`` are the right lamina's corners as given to its plate and ``front``, ``normal`` its anterior face.
    """
    s0, deep, z_low, under = ls.lamina_junction
    t = np.radians(ls.lamina_tilt)
    x_out = float(pts[0][0] + s0 * (pts[1][0] - pts[0][0]))
    z_out = float(pts[0][2] + s0 * (pts[1][2] - pts[0][2]))
    design.add(_JunctionWedge(np.array([0.0, -d.epd / 2 - d.cd - deep, 0.0]), float(t), float(np.radians(under)),
                              z_low, np.asarray(front, float), np.asarray(normal, float), x_out,
                              (float(pts[1][0]), float(pts[1][2])), (x_out, z_out)), k=1.2)


@dataclass
class _JunctionWedge(sdf.Shape):
    """Between the laminae's anterior faces and a face in front of them, level from side to side (LAMINA_JUNCTION).

    In front, a face through ``front`` (in the midline, at z = 0) sloping back ``tilt`` (radians) from the vertical
    down to ``z_low`` and under it ``under`` from the vertical; behind, the laminae's anterior faces (the right one
    through ``lamina`` with ``normal`` into the canal, mirrored), LAMINA_JUNCTION_INSET mm into them; above, the
    laminae's upper border (from ``top_in`` to ``top_out``, (x, z) pairs); out to ``x_out`` from the midline.
    """

    front: np.ndarray
    tilt: float
    under: float
    z_low: float
    lamina: np.ndarray
    normal: np.ndarray
    x_out: float
    top_in: tuple[float, float]
    top_out: tuple[float, float]

    def bounds(self):
        top = max(self.top_in[1], self.top_out[1]) + 1.0
        return (np.array([-self.x_out - 1.0, self.front[1] - 20.0, self.z_low - 15.0]),
                np.array([self.x_out + 1.0, self.front[1] + 10.0, top]))

    def sdf(self, x, y, z):
        ax = np.abs(x)
        c, s = np.cos(self.tilt), np.sin(self.tilt)
        ahead = c * (y - self.front[1]) - s * z
        y_low = self.front[1] + np.tan(self.tilt) * self.z_low
        cu, su = np.cos(self.under), np.sin(self.under)
        ahead_low = cu * (y - y_low) - su * (z - self.z_low)
        p, n = self.lamina, self.normal
        behind = -(n[0] * (ax - p[0]) + n[1] * (y - p[1]) + n[2] * (z - p[2])) - LAMINA_JUNCTION_INSET
        (x0, z0), (x1, z1) = self.top_in, self.top_out
        above = z - (z0 + (z1 - z0) * np.clip((ax - x0) / (x1 - x0), 0.0, 1.0))
        # the crease where the front meets the face under it, and the under face's seam on the laminae, rounded
        out = sdf.smax(sdf.smax(ahead, ahead_low, LAMINA_JUNCTION_ROUND), behind, LAMINA_JUNCTION_ROUND)
        return np.maximum(np.maximum(out, above), ax - self.x_out)


def _lamina_bar(design: Design, lower: list[np.ndarray], normal: np.ndarray, hinge: np.ndarray,
                bar: float) -> None:
    """The rounded bar along the lamina's lower border (LAMINA_BAR): from the pillar's end to the spine's.

    ``lower`` are the border's two ends as given to the plate, which lies in the plane through ``hinge`` square
    to ``normal``; the bar's axis is their projection onto that plane, LAMINA_BAR_INSET mm in from the border.
    """
    ends = [p - ((p - hinge) @ normal) * normal for p in lower]
    along = ends[1] - ends[0]
    along /= np.linalg.norm(along)
    inside = np.cross(normal, along)
    if inside @ (hinge - ends[0]) < 0:
        inside = -inside
    a, b = (e + LAMINA_BAR_INSET * inside for e in ends)
    design.add(sdf.Capsule(a, b, bar / 2, bar / 2), k=1.0)


def _lamina_root(design: Design, d: LevelDimensions, ls: LevelShape, side: str, pillar: np.ndarray,
                 base: np.ndarray, back_y: float, s: LocalJoint, i: LocalJoint) -> None:
    """Where the lamina springs from the pillar: a broad plate along the pillar's posteromedial side.

    In a lateral view of C3-C6 the lamina leaves the back of the articular pillar along most of its height
    (Gray 1918; Standring 2016) and slopes down and back to the spine. The sloping plate of :func:`_lamina`
    alone met the upright back of the pillar only along its upper border (a narrow neck high on the pillar's
    back corner). This plate runs from the pillar's posteromedial edge, from LAMINA_ROOT_TOP below the superior
    facet's posterior edge down to LAMINA_ROOT_FOOT above the inferior facet's posterior edge, out to
    LAMINA_ROOT_REACH of the lamina's length, where it merges into the sloping plate (modelling values [M]).
    """
    sx = 1.0 if side == "right" else -1.0
    start = pillar + (-sx * 5.0, -1.2, 0.0)  # the lamina's own start (see _lamina)
    sup_post = np.asarray(s.centre, float) - facet_axes(s)[3] * facet_axes(s)[1]
    inf_post = np.asarray(i.centre, float) - facet_axes(i)[3] * facet_axes(i)[1]
    z_top = float(sup_post[2]) - LAMINA_ROOT_TOP
    z_bot = max(float(inf_post[2]) + LAMINA_ROOT_FOOT, z_top - LAMINA_ROOT_SPAN)
    x_root = pillar[0] - sx * LAMINA_ROOT_INSET
    y_root = back_y + LAMINA_ROOT_INSIDE
    along = (base - start) * (1.0, 1.0, 0.0)
    along /= np.linalg.norm(along)
    inward = np.array([-along[1], along[0], 0.0])  # as in _lamina: horizontal, square to it, toward the canal
    if inward @ (np.array([0.0, -d.epd / 2 - d.cd / 2, 0.0]) - start) < 0:
        inward = -inward
    reach = ls.lamina_root_reach
    far = start + reach * (base - start) - inward * (LAMINA_THICKNESS / 2 + 0.4)
    hc = d.body_height
    # the sloping plate's borders there (see _lamina): the upper border level, the lower one behind it
    rise = 1.0 / np.cos(np.radians(ls.lamina_tilt))
    # the plate's upper border there: session 15's, or the band's, lowered at the pillar
    top_far = far[2] + (1.0 - reach) * 0.55 * LAMINA_HEIGHT * rise + reach * (0.3 * hc + 1.5 - (base[2] - start[2]))
    if ls.lamina_plan == "band":
        top_p, top_b = _upper_border(d, ls, start, base, s)
        top_far = (1.0 - reach) * (start[2] + top_p) + reach * (base[2] + top_b)
    drop = LAMINA_HEIGHT * np.cos(np.radians(ls.lamina_tilt))
    back = LAMINA_HEIGHT * np.sin(np.radians(ls.lamina_tilt))
    # the band's lower border raised there as at the pillar (LAMINA_FOOT_RISE), in proportion
    lift = (1.0 - reach) * ls.lamina_foot_rise if ls.lamina_plan == "band" else 0.0
    low_far = far * (1.0, 1.0, 0.0) - back * inward + (0.0, 0.0, top_far - drop + lift)
    pts = [np.array([x_root, y_root, z_top]), np.array([far[0], far[1], top_far - 0.5]), low_far,
           np.array([x_root, y_root, z_bot])]
    design.add(slab(pts, (LAMINA_ROOT_THICKNESS, LAMINA_THICKNESS + 0.3), r=0.9), k=1.2)
    _pillar_lamina_fillet(design, ls.fillet_inset, sx, pillar, back_y, z_top, z_bot, far, top_far, drop, back, inward)


def _pillar_lamina_fillet(design: Design, inset: float, sx: float, pillar: np.ndarray, back_y: float,
                          z_top: float, z_bot: float, far: np.ndarray, top_far: float, drop: float, back: float,
                          inward: np.ndarray) -> None:
    """Bone filling the angle between the pillar's back and the lamina's outer face, seen from the side.

    The lamina leaves the pillar LAMINA_ROOT_INSET mm medial to its axis, so from the left the pillar's upright
    back face and the lamina set 8 mm further in met in a dark vertical crease, and the lamina's lateral end
    read as a separate box (session 10's sheets). On a dry C3-C7 the back of the articular pillar sweeps round
    into the lamina in one continuous surface (Gray 1918; Standring 2016). This wedge, a plate standing square
    to the line from FILLET_INSET mm medial of the pillar's axis on its back face to the lamina's outer face at
    LAMINA_ROOT_REACH of its length, FILLET_THICKNESS mm thick at the pillar and the lamina's thickness at the
    far end, is blended in broadly (FILLET_BLEND) so the corner becomes a concave sweep (modelling values [M]).
    """
    near = np.array([pillar[0] - sx * inset, back_y + 2.0, 0.0])
    outer = far - inward * (0.5 * LAMINA_THICKNESS)  # on the lamina's outer (posterior) face
    span = FILLET_SPAN * (z_top - z_bot)
    z_mid = 0.5 * (z_top + z_bot) + 0.5 * (z_top - z_bot - span)
    pts = [near + (0.0, 0.0, z_mid + 0.5 * span), np.array([outer[0], outer[1], top_far - 1.0]),
           np.array([outer[0], outer[1], top_far - 0.7 * drop]) - 0.7 * back * inward,
           near + (0.0, 0.0, z_mid - 0.5 * span)]
    design.add(slab(pts, (FILLET_THICKNESS, LAMINA_THICKNESS), r=1.2), k=FILLET_BLEND)


def _pillar(design: Design, s: LocalJoint, i: LocalJoint, back_waist: float, side_waist: float, upright: bool,
            canal_prism: sdf.Shape | None, rim_lateral: float,
            crown: tuple[float, float], skirt: tuple[float, float] | None = None,
            tip: float | None = None, heel: tuple[float, float] | None = None,
            swell: tuple[float, float, float, float, float, float] | None = None,
            tip_medial: float = PILLAR_TIP_SPAN) -> tuple[np.ndarray, float]:
    """The lateral mass: one solid block whose top and bottom faces are the two facets; returns its centre.

    Its section is a rounded rectangle ``PILLAR_MARGIN`` larger than both facets seen from above, its rims
    rounded only ``PILLAR_EDGE``; it stands upright and is closed exactly by the two oblique facet planes,
    so it reads as the rhomboid of a lateral radiograph, front and back upright, and each facet is the
    block's own face, flush with its sides, its cartilage wholly on bone. Between the posterior (lowest)
    edges of the two facets its back is drawn in, and its lateral border between their lateral edges: the
    gentle undulation of the articular column on an AP radiograph. Returns its centre and the y of its back
    face. No ring is cut round the facets
    (``design.facet_moat`` = 0): it left a ledge under each and the facet stood proud as a coin on a stalk.
    """
    e, across, depth = np.eye(3)[2], np.eye(3)[0], np.eye(3)[1]  # the column stands upright
    rims, lean, post = [], [], []
    for j in (s, i):
        u, v, hu, hv = facet_axes(j)
        t = np.linspace(0.0, 2 * np.pi, 32, endpoint=False)
        rims.append(np.asarray(j.centre) + np.outer((hu + PILLAR_MARGIN_ACROSS) * np.cos(t), u)
                    + np.outer((hv + PILLAR_MARGIN) * np.sin(t), v))
        # the footprint of the front's cut keeps the narrower margin, so it leaves the transverse process alone
        lean.append(np.asarray(j.centre) + np.outer((hu + PILLAR_MARGIN_ACROSS) * np.cos(t), u)
                    + np.outer((hv + PILLAR_MARGIN_ACROSS) * np.sin(t), v))
        post.append(np.asarray(j.centre) - hv * v)  # a facet's lowest edge is its posterior one
        design.facets.append(j)
        design.mark(f"{j.which}_facet_{j.side}", j.centre)
    pts = np.vstack(rims)
    cu, cw = pts @ across, pts @ depth
    mid = across * 0.5 * (cu.max() + cu.min()) + depth * 0.5 * (cw.max() + cw.min())
    origin = mid + e * (np.asarray(i.centre) @ e)  # on the axis, level with the inferior facet's centre
    half = (0.5 * float(np.ptp(cu)), 0.5 * float(np.ptp(cw)))
    ends = [origin + e * ((p - origin) @ e) for p in (post[1], post[0])]
    sx = 1.0 if origin[0] > 0 else -1.0
    back = -depth if depth[1] > 0 else depth

    # the lower cap: the inferior facet's plane; at C7 a plane parallel to the superior facet PILLAR_HEIGHT_C7 mm
    # below it, so the column is the rhomboid of C3-C6, and the inferior facet's own cut (sdf.Facet) shapes the
    # facet out of its back
    cap_a, normal_a = np.asarray(i.centre, float), np.asarray(i.normal, float)
    if upright:
        cap_a, normal_a = np.asarray(s.centre, float) - (0.0, 0.0, PILLAR_HEIGHT_C7), -np.asarray(s.normal, float)

    def block(waist: float) -> sdf.Column:
        return sdf.Column(ends[0], ends[1], across, half, half,
                          cap_a=cap_a, normal_a=normal_a,
                          cap_b=np.asarray(s.centre, float), normal_b=s.normal,
                          edge=PILLAR_EDGE, waist=waist, waist_dir=0.99 * back + 0.12 * sx * across, power=2.8)

    design.add(block(back_waist), k=1.2)
    # its front slopes as the facets' front edges do (from the superior facet's down to the inferior's), so
    # the pedicle keeps its own isthmus in front of the column instead of being swallowed by it
    fronts = [np.asarray(j.centre, float) + (facet_axes(j)[3] + 1.5) * facet_axes(j)[1] for j in (s, i)]
    if upright:  # C7: the front stands upright under the superior facet's front edge (see PILLAR_FRONT_LEAN_C7)
        fronts[1] = fronts[0] + (0.0, -PILLAR_FRONT_LEAN_C7, fronts[1][2] - fronts[0][2])
    down = (fronts[1] - fronts[0]) * (0.0, 1.0, 1.0)
    down /= np.linalg.norm(down)
    ahead = np.cross(across, down)
    ahead = ahead if ahead[1] > 0 else -ahead
    front = 0.5 * (fronts[0] + fronts[1])
    # (only within the column's own footprint, so the body and uncinate beside it are left alone)
    top = np.array([0.0, 0.0, 40.0])
    cut = (half[0] + 0.3, 0.5 * float(np.ptp(np.vstack(lean) @ depth)) + 0.3)
    design.carve(sdf.Column(ends[0], ends[1], across, cut, cut,
                            cap_a=front, normal_a=-ahead, cap_b=top, normal_b=(0.0, 0.0, 1.0),
                            power=2.8, edge=0.2), k=1.0)
    # Under each facet PILLAR_SHELF mm of bone, the facet's own oval, is put back after the canal's cut: the
    # facets' medial margins stand over the lateral recess of the canal (the superior process is the back
    # wall of the recess), and the canal's prism would otherwise shave them and leave their cartilage hanging
    # over nothing. Elsewhere the shelf lies inside the block, whose chamfer (FACET_BEVEL) meets its rim.
    t = np.linspace(0.0, 2 * np.pi, 32, endpoint=False)
    # where the tip or heel is rounded (PILLAR_TIP_ROUND, PILLAR_HEEL_BLEND), the shelf and band under that facet
    # stop at the pillar's front or back: their ends stood 1.5-2.5 mm proud of it, the square tooth and heel
    stops = {id(s): None if tip is None else (tuple(front), tuple(ahead)),
             id(i): None if heel is None else (tuple(origin + back * (half[1] + heel[1])), tuple(back))}
    for j in (s, i):
        u, v, hu, hv = facet_axes(j)
        stop = stops[id(j)]
        mid = np.asarray(j.centre, float) - 0.5 * PILLAR_SHELF * np.asarray(j.normal, float)
        oval = mid + np.outer(hu * np.cos(t), u) + np.outer(hv * np.sin(t), v)
        inner = PILLAR_RIM_MEDIAL if j is s else PILLAR_RIM_MEDIAL_BELOW
        c7_below = upright and j is i
        drop = PILLAR_RIM_DROP_BELOW_C7 if c7_below else PILLAR_RIM_DROP_ABOVE_C7 if upright else PILLAR_RIM_DROP
        shelf = slab(oval, PILLAR_SHELF, r=0.2, normal=j.normal, centre=mid)
        # the band of bone round each facet (PILLAR_RIM_MEDIAL/LATERAL), PILLAR_RIM_DROP in from its plane
        medial = np.cos(t) * (u @ (-np.sign(j.centre[0]), 0.0, 0.0)) > 0.0
        wide = hu + np.where(medial, inner, rim_lateral)
        low = mid - drop * np.asarray(j.normal)
        along = hv + (0.0 if c7_below else PILLAR_RIM_ALONG)
        band = low + np.outer(wide * np.cos(t), u) + np.outer(along * np.sin(t), v)
        rim = slab(band, PILLAR_SHELF, r=0.2, normal=j.normal, centre=low)
        if upright and j is s:  # C7: the band blended into the pillar under it (PILLAR_RIM_BLEND_C7), then the shelf
            design.add_late(_short_of(stop, _canal_clip(canal_prism, j, inner, drop, rim)), k=PILLAR_RIM_BLEND_C7)
            design.add_late(_short_of(stop, _canal_clip(canal_prism, j, inner, drop, shelf)), k=0.0)
        else:
            design.add_late(_short_of(stop, _canal_clip(canal_prism, j, inner, drop, shelf)), k=0.0)
            design.add_late(_short_of(stop, _canal_clip(canal_prism, j, inner, drop, rim)), k=0.0)
        # under the superior facet's band, a blended skirt so its lower face slopes out into the pillar
        if skirt is not None and j is s:  # (PILLAR_RIM_SKIRT, C3 and C4)
            deep, inset = skirt
            foot = low - 0.5 * PILLAR_SHELF * np.asarray(j.normal)  # on the band's lower face, under the facet
            lens = sdf.Ellipsoid(tuple(foot), (hu + rim_lateral - inset, PILLAR_RIM_SKIRT_LENGTH * along, deep),
                                 np.column_stack([u, v, np.asarray(j.normal, float)]))
            design.add_late(_short_of(stop, _canal_clip(canal_prism, j, inner, drop, lens)),
                            k=PILLAR_RIM_SKIRT_BLEND)
        if swell is not None and j is s:  # (PILLAR_SIDE_SWELL)
            _side_swell(design, j, stop, rim_lateral, drop, along, swell)
    # the inferior process's heel and the superior process's tip rounded (PILLAR_HEEL_BLEND, PILLAR_TIP_ROUND)
    if heel is not None:
        design.final_ops.append(("subtract", _RoundedCorner.at_heel(facet_cut(design, i), i, *stops[id(i)],
                                                                      heel[0]), 0.0))
    if tip is not None:
        _rounded_tip(design, s, ahead, x_side=float((origin + across * sx * half[0])[0]), radius=tip,
                     medial=tip_medial)
    if upright:  # C7: the inferior process is a pillar's depth of bone behind its facet, not a plate
        u, v, hu, hv = facet_axes(i)
        n_i = np.asarray(i.normal, float)
        mid = np.asarray(i.centre, float) - 0.5 * INFERIOR_PROCESS_DEPTH_C7 * n_i
        oval = mid + np.outer(hu * np.cos(t), u) + np.outer(hv * np.sin(t), v)
        design.add(slab(oval, INFERIOR_PROCESS_DEPTH_C7, r=1.5, normal=n_i, centre=mid), k=1.0)
    # the lateral border is drawn in too, between the facets' lateral edges (level with their centres), so
    # that from in front or behind the column's outline undulates as on an AP radiograph
    zc, gap = 0.5 * (s.centre[2] + i.centre[2]), abs(s.centre[2] - i.centre[2])
    side_face = origin + across * sx * half[0]
    design.carve(sdf.Ellipsoid((side_face[0] + sx * 0.5, side_face[1], zc),
                               (side_waist + 0.5, half[1] + 1.0, 0.3 * gap)),
                 k=1.2)
    edges = (float(post[0][1] - PILLAR_CROWN_BACK_OUT), float(mid[1] + half[1] - PILLAR_CROWN_FRONT_IN))
    _crown_lateral_face(design, ((s.centre, s.normal), (cap_a, normal_a)), float(side_face[0]), sx, edges,
                        crown)
    design.mark(f"pillar_back_{'right' if sx > 0 else 'left'}", 0.5 * (ends[0] + ends[1]) + back * half[1])
    return pts.mean(axis=0), float((origin + back * half[1])[1])


def _side_swell(design: Design, j: LocalJoint, stop: tuple | None, rim_lateral: float, drop: float, along: float,
                swell: tuple[float, float, float, float, float, float]) -> None:
    """A swell of bone under the superior facet's lateral band (PILLAR_SIDE_SWELL), put back after the cuts.

    An ellipsoid along the facet's slope (``v``) whose lateral face stands ``out`` mm beyond the band's lateral edge
    (the facet's half-width + ``rim_lateral``), centred ``depth`` mm under the facet plane and ``shift`` mm along
    the slope (forward positive), semi-axes ``across`` (lateral), ``length`` x ``along`` (the band's half-length)
    and ``deep`` (along the normal); kept under the band's top (``drop`` mm under the plane) and short of the
    pillar's front (``stop``), so the facet's face, its rim seen from above and the tip stay as they were.
    """
    out, depth, across, length, deep, shift = swell
    u, v, hu, _hv = facet_axes(j)
    c, n = np.asarray(j.centre, float), np.asarray(j.normal, float)
    lateral = u if u[0] * c[0] > 0 else -u
    forward = v if v[1] > 0 else -v
    centre = c + (hu + rim_lateral + out - across) * lateral - depth * n + shift * forward
    lens = sdf.Ellipsoid(tuple(centre), (across, length * along, deep), np.column_stack([lateral, v, n]))
    cap = sdf.Behind(lens, tuple(c - drop * n), tuple(n))
    design.add_late(_short_of(stop, cap), k=PILLAR_SIDE_SWELL_BLEND)


@dataclass
class _RoundedCorner(sdf.Shape):
    """The bone to take off one edge of a pillar so that it is rounded (PILLAR_HEEL_BLEND).

    The edge where a facet's solid (everything its cut, sdf.Facet, leaves: the plane and its chamfer) meets an
    upright face of the pillar (a plane: ``point``, outward ``normal``). What lies outside the smooth intersection
    of the two (blend ``k``) is taken, but only within ``k`` of both and within a rod of radius ``k`` + 0.5 mm along
    the edge from ``a`` to ``b``, so nothing beyond the corner is touched.
    """

    facet: sdf.Facet
    point: tuple
    normal: tuple
    a: tuple
    b: tuple
    k: float

    @classmethod
    def at_heel(cls, facet: sdf.Facet, j: LocalJoint, point: tuple, outward: tuple, k: float) -> _RoundedCorner:
        """The edge where facet ``j``'s end toward ``outward`` meets the face there.

        ``facet`` is the solid the facet's cut leaves (common.facet_cut: its plane and chamfer, as cut).
        """
        u, v, hu, hv = facet_axes(j)
        n, away = np.asarray(j.normal, float), np.asarray(outward, float)
        end = v if v @ away > 0 else -v
        edge = np.asarray(j.centre, float) + hv * end  # the facet's edge there, on its centre line
        slope = FACET_BEVEL * min(hu, hv) / hv  # the chamfer's slope along that line (sdf.Facet: ``exact``)
        down = (end - slope * n) / np.hypot(1.0, slope)
        corner = edge + down * float((np.asarray(point, float) - edge) @ away) / float(down @ away)
        reach = (hu + 1.5) * u
        return cls(facet, point, outward, tuple(corner - reach), tuple(corner + reach), k)

    def bounds(self):
        ends = np.array([self.a, self.b], float)
        r = self.k + 1.0
        return ends.min(axis=0) - r, ends.max(axis=0) + r

    def sdf(self, x, y, z):
        inside = -self.facet.sdf(x, y, z)  # < 0 in the facet's solid
        n, p = np.asarray(self.normal, np.float32), np.asarray(self.point, np.float32)
        face = (x - p[0]) * n[0] + (y - p[1]) * n[1] + (z - p[2]) * n[2]
        a, b = np.asarray(self.a, np.float32), np.asarray(self.b, np.float32)
        e = b - a
        t = np.clip(((x - a[0]) * e[0] + (y - a[1]) * e[1] + (z - a[2]) * e[2]) / float(e @ e), 0.0, 1.0)
        rod = np.sqrt((x - a[0] - t * e[0]) ** 2 + (y - a[1] - t * e[1]) ** 2 + (z - a[2] - t * e[2]) ** 2)
        out = -sdf.smax(inside, face, self.k)
        return np.maximum(np.maximum(out, rod - (self.k + 0.5)),
                          np.maximum(-inside - self.k, -face - self.k))


def _rounded_tip(design: Design, s: LocalJoint, ahead: np.ndarray, x_side: float, radius: float,
                 medial: float = PILLAR_TIP_SPAN) -> None:
    """The superior articular process's blunt tip: a rounded bar round the facet's front end (PILLAR_TIP_*).

    A plate ``2 radius`` thick with fully rounded edges (a stadium in section), upright across the pillar and leaning
    back PILLAR_TIP_LEAN from upright: its upper edge follows the superior facet's front edge (the oval's front half,
    PILLAR_TIP_SPAN of its half-width each way, laterally no further than the pillar's side face at x = ``x_side``)
    ``radius`` + PILLAR_TIP_SET_IN under the facet plane, and it runs PILLAR_TIP_LENGTH mm down and back into the
    pillar's front. Added after the facet cut (it lies under the facet plane).
    """
    u, v, hu, hv = facet_axes(s)
    n = np.asarray(s.normal, float)
    forward = v if v @ ahead > 0 else -v
    top = np.asarray(s.centre, float) + hv * forward - (radius + PILLAR_TIP_SET_IN) * n  # the upper edge's axis
    lean = np.radians(PILLAR_TIP_LEAN)
    down = np.array([0.0, -np.sign(ahead[1]) * np.sin(lean), -np.cos(lean)])
    out = 1.0 if u[0] * s.centre[0] > 0 else -1.0  # u's sign laterally
    lateral = min(abs(x_side - top[0]) / max(abs(u[0]), 0.5), PILLAR_TIP_SPAN * hu)
    a = np.linspace(-medial * hu, lateral, 17) * out  # along u; the facet's front edge falls back by
    fall = hv * (1.0 - np.sqrt(np.clip(1.0 - (a / hu) ** 2, 0.0, 1.0)))  # ... this much (mm) along -forward
    fall = PILLAR_TIP_FOLLOW * fall / max(float(-forward @ down), 0.5)  # ... met along ``down``: in part
    upper = np.column_stack([a, fall - radius])
    lower = np.array([[a[-1], PILLAR_TIP_LENGTH + radius], [a[0], PILLAR_TIP_LENGTH + radius]])
    poly = np.vstack([upper, lower])
    mid = poly.mean(axis=0)
    poly = poly[np.argsort(np.arctan2(poly[:, 1] - mid[1], poly[:, 0] - mid[0]))]  # counter-clockwise
    design.add_late(sdf.Slab(tuple(top), poly, np.column_stack([u, down, np.cross(u, down)]), (2 * radius, 2 * radius),
                             r=radius), k=PILLAR_TIP_BLEND)


def _plane_z(plane: tuple, x: float, y: float) -> float:
    """The height of the plane (point, normal) above (x, y)."""
    c, n = np.asarray(plane[0], float), np.asarray(plane[1], float)
    return float(c[2] - (n[0] * (x - c[0]) + n[1] * (y - c[1])) / n[2])


def _crown_lateral_face(design: Design, planes: tuple, x_face: float, sx: float, edges: tuple[float, float],
                        crown: tuple[float, float]) -> None:
    """Round the pillar's lateral face from front to back between its facets (PILLAR_CROWN).

    The block's section is a superellipse, so its lateral face was one flat plane 6-7 mm wide: from the left the
    lateral mass read as a box (issue 10). On a dry C3-C7, and on a lateral film, the lateral mass is convex
    from front to back and drawn in between its facets. A lens of bone is taken off each upright edge of the
    face (the posterolateral and the anterolateral), deepest midway between the two facet planes and fading
    out before either facet, so the face crowns across its middle and the facets keep their full rims.
    ``planes`` are the column's upper and lower caps (point, normal); ``edges`` the y of its back and front
    at mid-height; ``crown`` how deep each lens is on its edge (mm) and how far the front one reaches up and down
    (PILLAR_CROWN_FRONT_REACH; the back one PILLAR_CROWN_REACH).
    """
    bite, front_reach = crown
    for y_edge, toward, reach in ((edges[0], -1.0, PILLAR_CROWN_REACH), (edges[1], 1.0, front_reach)):
        z_top, z_low = (_plane_z(p, x_face, y_edge) for p in planes)
        out = np.array([sx, toward, 0.0]) / np.sqrt(2.0)  # the edge's outward bisector, horizontal
        tangent = np.array([-toward, sx, 0.0]) / np.sqrt(2.0)
        centre = np.array([x_face, y_edge, 0.5 * (z_top + z_low)]) + (PILLAR_CROWN_LENS[0] - bite) * out
        axes = (PILLAR_CROWN_LENS[0], PILLAR_CROWN_LENS[1], reach * abs(z_top - z_low))
        design.carve(sdf.Ellipsoid(tuple(centre), axes, np.column_stack([out, tangent, (0.0, 0.0, 1.0)])),
                     k=PILLAR_CROWN_BLEND)


def _transverse(design: Design, d: LevelDimensions, ls: LevelShape, side: str, pillar: np.ndarray,
                ped_mid: np.ndarray, ped_axis: np.ndarray, below: LocalJoint) -> np.ndarray:
    """A transverse process: a short trough of bone between two bars, ending in two tubercles.

    The anterior bar (the costal element) is a thin upright plate springing from the side of the body; the
    posterior bar, stouter, springs from the pedicle and the front of the pillar. Lateral to the foramen
    transversarium (vertebral artery), which lies between the two bars' roots, the costotransverse lamella
    joins them as the floor of the gutter for the spinal nerve: a trough open upward that runs out, forward
    and down, and leaves the process through the notch between its two tubercles. The tubercles are the
    thickened lateral ends of the bars, flattened and taller than wide, not knobs on stalks. At C6 the
    anterior tubercle is the large carotid tubercle; at C7 the anterior bar is slight and the posterior bar
    long and stout, ending in a big posterior tubercle. Returns the foramen transversarium's centre.
    """
    w, hc = d.epw, d.body_height
    z = 0.2 * hc  # high enough that the process clears the moat of the inferior facet behind it, and the
    # tubercles clear the next pillar's top below
    half = d.tps / 2
    c7 = ls.slight_costal
    fr = FORAMEN_DIAMETER / 2
    sx = 1.0 if side == "right" else -1.0
    # the foramen lies in front of and lateral to the pedicle, clear of it
    across = np.cross((0.0, 0.0, 1.0), ped_axis)
    if across[1] < 0:
        across = -across
    foramen = ped_mid + across * (d.pw / 2 + fr + 2.0)
    foramen[2] = z
    # the gutter's axis: out, forward and down from the foramen (about 17 deg forward and 12 deg down: a
    # working value [M] read off drawings of dry C3-C6, no measured figure found)
    g = np.array([sx, 0.32, -0.22])
    g /= np.linalg.norm(g)
    fwd = np.array([-g[1], g[0], 0.0]) * sx  # horizontal, square to the gutter, pointing forward
    fwd /= np.linalg.norm(fwd)
    up = np.cross(g, fwd) * sx
    reach = (half - abs(foramen[0])) / abs(g[0])
    drop = reach * abs(g[2])  # how far the gutter falls from the foramen to the tubercles
    # how far each tubercle's landmark lies inside the process's lateral end (the outermost one reaches the
    # table's half span; ANTERIOR_INSET, POSTERIOR_INSET); C3-C6's tubercles reach the table's span (TUBERCLE_OUT)
    inset_a, inset_p = ls.anterior_inset - ls.tubercle_out, ls.posterior_inset - ls.tubercle_out
    lip = fr + 1.3  # half the gutter's width: from its axis to each bar's midline
    ant = foramen + g * (reach - inset_a) + fwd * (lip + ls.anterior_forward)
    post = foramen + g * (reach - inset_p) - fwd * lip
    ant[0] = sx * (half - inset_a)
    post[0] = sx * (half - inset_p)
    if c7:  # a small anterior bar that ends just lateral to the foramen: C7's costal element is slight
        ant = foramen + g * (fr + RING_WALL + C7_ANTERIOR_REACH) + fwd * (lip - 0.8)
    # each bar is an upright plate that flares (taller and thicker) into its tubercle: the tubercle is the
    # bar's own blunt end, with no neck before it (a ball on a rod reads as a dog bone)
    # the anterior bar: from the side of the body, in front of the foramen, out to the anterior tubercle
    # (it leaves the body's side at the front of the foramen, clear of the endplate's lateral rim in front)
    root_a = mirror((w / 2 - 1.0, 0.0, z + 0.3), side)
    root_a[1] = foramen[1] + fr + 0.2
    ta = ls.anterior_tubercle
    up_a, down_a = (ls.anterior_bar_root_up, ta[1]), (max(2.6, 0.75 * ta[2]), ta[2])
    thick_a = (ls.anterior_bar_thick, ta[0])
    design.add(_anterior_bar(root_a, ant, up_a, down_a, thick_a, ls.anterior_bar_waist, ls.anterior_bar_end), k=1.2)
    if not c7:  # the anterior root's broad base (ANTERIOR_ROOT_BASE), tapering into the bar
        _anterior_root(design, root_a, ant, up_a, down_a, thick_a, ls.anterior_face, ls.anterior_bar_waist)
    # the posterior bar: stouter, from the pedicle and the front of the pillar, behind the foramen
    root_p = foramen - fwd * (fr + 1.6) - g * (fr + 0.8)
    tp = ls.posterior_tubercle
    if c7:  # a long strong bar, oval in section, ending in a rounded tubercle (C7_POSTERIOR_BAR)
        design.add(sdf.ProfiledBlade(root_p, post, (0.0, 0.0, 1.0), profile=C7_POSTERIOR_BAR,
                                     r=C7_POSTERIOR_BAR_ROUND), k=1.4)
    else:
        design.add(sdf.Blade(root_p, post, (0.0, 0.0, 1.0), up=(BAR_ROOT_UP, tp[1]), down=(2.8, tp[2]),
                             thick=(ls.posterior_bar_thick, tp[0]), ridge=0.75, r=1.6), k=1.4)
    design.add(sdf.Capsule(root_p, pillar + mirror((0.5, 2.0, 0.0), side), 2.4, 2.4), k=1.4)
    if not c7:  # the posterior root's broad base (POSTERIOR_ROOT_BASE), its back edge running on to the tubercle
        _posterior_root(design, pillar, root_p, post, tp, side)
        _posterior_shoulder(design, pillar, post, side, ls.level)
        _posterior_crest(design, pillar, post, side, _at(POSTERIOR_CREST_FROM, ls.level))
        _posterior_underside(design, pillar, post, side, below)
    point = ls.anterior_point
    for root, end, t in ((root_a, ant, ta), (root_p, post, tp)):  # each end domed, as wide and tall as the bar
        if point is not None and end is ant:  # C3-C5: the anterior tubercle a forward point (ANTERIOR_POINT) ...
            _anterior_point(design, ant, ta, side, point)  # ... from a low dome (ANTERIOR_DOME)
        along = (end - root) / np.linalg.norm(end - root)
        side_dir = np.cross((0.0, 0.0, 1.0), along)
        side_dir /= np.linalg.norm(side_dir)
        tall = np.cross(along, side_dir)
        dome = (2.4, 0.5 * t[0], 0.5 * (t[1] + t[2]))
        if c7 and end is post:  # (C7_POSTERIOR_DOME) its outer end where the 2.4 mm dome's was
            dome = C7_POSTERIOR_DOME
        if end is ant and ls.anterior_dome is not None:  # (ANTERIOR_DOME) its outer end where the 2.4 mm dome's was
            dome = ls.anterior_dome
        design.add(sdf.Ellipsoid(end + (0.8 - dome[0]) * along + (0.5 * (t[1] - t[2])) * tall, dome,
                                 np.column_stack([along, side_dir, tall])),
                   k=1.5)
    # the bone round the foramen: between the bars' roots, in front of the pedicle and beside the body
    ring = [foramen + (fr + RING_WALL) * (np.cos(t) * g + np.sin(t) * fwd)
            for t in np.linspace(0.0, 2 * np.pi, 16, endpoint=False)]
    design.add(slab(ring, 4.4, r=1.4, normal=(0.0, 0.0, 1.0), centre=foramen), k=1.2)
    if ls.foramen_medial_wall is not None:  # (FORAMEN_MEDIAL_WALL) no second opening between it and the body
        _foramen_medial_wall(design, w, foramen, fr, sx, ls.foramen_medial_wall)
    # the costotransverse lamella: the gutter's floor, from the foramen's lateral wall out toward the notch
    # between the tubercles, its upper face well below the bars' upper borders
    f0 = foramen + g * fr - up * 0.6
    raise_ = ls.gutter_raise
    f1 = foramen + g * (reach - max(inset_a, inset_p) - 1.6) - up * (1.6 - raise_)
    if c7:  # the floor reaches only as far as the small anterior bar; beyond it the posterior bar stands alone
        f1 = foramen + g * (fr + RING_WALL + C7_ANTERIOR_REACH - 1.0) - up * 1.0
    floor = [f0 + fwd * (lip + 0.6), f0 - fwd * (lip + 0.6), f1 + fwd * (lip + 0.4), f1 - fwd * (lip + 0.4)]
    design.add(slab(floor, 2.4, r=1.0, normal=up, centre=0.5 * (f0 + f1)), k=1.0)
    design.mark(f"anterior_tubercle_{side}", ant)
    design.mark(f"posterior_tubercle_{side}", post)
    if ls.carotid:
        design.mark(f"carotid_tubercle_{side}", ant)
    # the gutter: a trough along the upper surface, between the bars, out through the notch; scooped down to
    # GUTTER_FLOOR of the lamella's thickness so that from above it reads as a groove between two ridges (at
    # 2.0-2.4 mm wide, held 3 mm up, it left the floor level with the bars' roots and read as one fin)
    # Its medial end starts over the foramen's lateral wall, high enough that the wall keeps its thickness in
    # the foramen's own plane (GUTTER_START: distance beyond the foramen's rim, height over its centre) [M].
    scoop = GUTTER_RADIUS + 1.2 - (1.0 - GUTTER_FLOOR) * 2.4  # the capsule's centre above the floor's middle
    g0 = foramen + g * (fr + GUTTER_START[0]) + up * GUTTER_START[1]
    g1 = foramen + g * (reach + 2.0) + up * (scoop - 1.6 + raise_)
    design.carve(sdf.Capsule(g0, g1, GUTTER_RADIUS, GUTTER_RADIUS), k=0.8)
    # the notch between the tubercles, where the nerve leaves the gutter: the floor stops short of the tips
    design.carve(sdf.Ellipsoid(foramen + g * reach, (4.2, 1.8, 7.0), np.column_stack([g, fwd, up])), k=0.8)
    if not c7:  # the intertubercular bar (INTERTUBERCULAR_SET_IN): the tubercles joined below the notch
        _intertubercular_bar(design, ls, ant, post, ta, tp, g)
    design.mark(f"transverse_tip_{side}", mirror((half, post[1], z - 0.4 - 0.5 * drop), side))
    # the foramen: round, or (FORAMEN_OVAL) drawn out toward the pedicle, its medial wall the pedicle's lateral wall
    reach_in, turn = ls.foramen_oval if ls.foramen_oval is not None else (0.0, 0.0)
    inward = np.array([sx * np.cos(np.radians(turn)), np.sin(np.radians(turn)), 0.0])
    centres = [foramen - t * reach_in * inward for t in np.linspace(0.0, 1.0, 6 if reach_in else 1)]
    canal = [sdf.Capsule(c + (0, 0, -9.0), c + (0, 0, _at(FORAMEN_BORE_UP, ls.level)), fr, fr) for c in centres]
    design.carve_late(sdf.Union(tuple(canal)) if len(canal) > 1 else canal[0], k=0.5)
    design.mark(f"transverse_foramen_{side}", foramen)
    design.mark(f"gutter_{side}", 0.5 * (f0 + f1) + up * 1.2)  # on the floor, midway along it
    return foramen


def _artery_path(design: Design, foramen: np.ndarray, s: LocalJoint,
                 clear: tuple[float, float, float, float, float, float],
                 rim: tuple[float, float, float, float] | None = None) -> None:
    """Keep the vertebral artery's path in front of the superior articular process clear (ARTERY_CLEAR).

    A capsule round the upright axis of the foramen transversarium (``foramen``), from ``radius`` mm above the
    foramen's top to ``above`` mm over the superior facet's (``s``) front edge, its upper end ``medial`` and ``back``
    mm off that axis, is taken out after every union, so the tip, band and shelf put back after the cuts go too (with
    ``deeper``, a second one that far behind it). Then the facet's front-medial rim is put back (``rim``,
    ARTERY_RIM): a chain of capsules along the cartilage's edge.
    """
    radius, above, k, medial, back, deeper = clear
    u, v, hu, hv = facet_axes(s)
    top = float(np.asarray(s.centre)[2] + hv * abs(v[2]) + above)
    a = np.asarray(foramen, float) + (0.0, 0.0, FORAMEN_DIAMETER / 2 + radius)
    sx = 1.0 if a[0] > 0 else -1.0
    b = np.array([a[0] - sx * medial, a[1] - back, top])
    design.final_ops.append(("subtract", sdf.Capsule(tuple(a), tuple(b), radius, radius), k))
    if deeper > 0.0:
        aft = np.array([0.0, -deeper, 0.0])
        design.final_ops.append(("subtract", sdf.Capsule(tuple(a + aft), tuple(b + aft), radius, radius), k))
    if rim is None:
        return
    reach, bead, arc_from, arc_to = rim
    n = np.asarray(s.normal, float)
    forward = v if v[1] > 0 else -v
    inward = u if u[0] * sx < 0 else -u  # along the facet, toward the midline
    t = np.radians(np.linspace(arc_from, arc_to, 13))
    line = (np.asarray(s.centre, float) + np.outer((hu + reach - bead) * np.cos(t), inward)
            + np.outer((hv + reach - bead) * np.sin(t), forward) - (bead + ARTERY_RIM_SET_IN) * n)
    for p, q in itertools.pairwise(line):
        design.final_ops.append(("union", sdf.Capsule(tuple(p), tuple(q), bead, bead), ARTERY_RIM_BLEND))


def _artery_mouth(design: Design, foramen: np.ndarray, mouth: tuple[float, float, float, float, float]) -> None:
    """Bevel the foramen transversarium's upper mouth along the artery's path out of it (ARTERY_MOUTH).

    A capsule of ``radius`` from the foramen's centre to ``up`` mm above it, ``forward`` mm ahead and ``medial`` mm
    toward the midline, is taken out after every union with blend ``blend``.
    """
    radius, up, forward, medial, k = mouth
    a = np.asarray(foramen, float)
    sx = 1.0 if a[0] > 0 else -1.0
    b = a + (-sx * medial, forward, up)
    design.final_ops.append(("subtract", sdf.Capsule(tuple(a), tuple(b), radius, radius), k))


def _foramen_medial_wall(design: Design, w: float, foramen: np.ndarray, fr: float, sx: float,
                         wall: tuple[float, float, float, float]) -> None:
    """Bone between the body's side and the foramen transversarium's ring (FORAMEN_MEDIAL_WALL), as tall as the ring.

    A rounded plate from ``wall[0]`` mm inside the body's side (half-width ``w`` / 2) to ``wall[1]`` mm into the
    foramen's rim, from ``wall[2]`` mm behind its back rim to ``wall[3]`` mm in front of its centre, so that the
    foramen (radius ``fr``, carved after every union) is the only opening between the body, the pedicle and the
    process's roots.
    """
    inset, into, behind, ahead = wall
    xb, xr = sx * (w / 2 - inset), foramen[0] - sx * (fr - into)
    yb, yf = foramen[1] - fr - behind, foramen[1] + ahead
    z = foramen[2]
    corners = [np.array([xb, yb, z]), np.array([xr, yb, z]), np.array([xr, yf, z]), np.array([xb, yf, z])]
    design.add(slab(corners, 4.4, r=1.4, normal=(0.0, 0.0, 1.0), centre=foramen), k=1.2)


def _anterior_bar(root: np.ndarray, end: np.ndarray, up: tuple, down: tuple, thick: tuple,
                  waist: tuple | None, taper: tuple | None = None) -> sdf.Shape:
    """The anterior bar from the body's side to its tubercle (``up``, ``down``, ``thick``: at each end, mm).

    Without ``waist`` an evenly tapering upright bar whose section narrows upward (ridge 0.75), rounded 1 mm. With it
    (ANTERIOR_BAR_WAIST: from, to, down) the same root and tubercle sections, a lower border rising to ``down`` mm
    below the axis between ``from`` and ``to`` of the bar's length. With ``taper`` (ANTERIOR_BAR_END: from, shrink)
    the section keeps the tubercle's from ``from`` and shrinks to ``shrink`` of it at the bar's end.
    """
    if waist is None:
        return sdf.Blade(root, end, (0.0, 0.0, 1.0), up=up, down=down, thick=thick, ridge=0.75, r=1.0)

    def row(t: float, low: float | None = None) -> tuple:
        hu = up[0] + t * (up[1] - up[0])
        hd = down[0] + t * (down[1] - down[0]) if low is None else low
        return (t, hu, hd, thick[0] + t * (thick[1] - thick[0]), 0.75, 1.0 - 0.25 * hd / (hu + hd), 1.0)

    a, b, low = waist
    rows = (row(0.0), row(a, low), row(b, low), row(1.0))
    if taper is not None:
        t_end, shrink = taper  # the ramp from the waist to the tubercle as before up to ``from``
        last = row(1.0)
        rows = (*rows[:3], row(t_end, float(np.interp(t_end, (b, 1.0), (low, down[1])))),
                (1.0, shrink * last[1], shrink * last[2], shrink * last[3], *last[4:]))
    return sdf.ProfiledBlade(root, end, (0.0, 0.0, 1.0), profile=rows, r=1.0)


def _under_waist(f: float, down: tuple, waist: tuple | None, cap: float) -> float:
    """How far (mm) below its axis a plate along the anterior bar reaches ``f`` of the way out.

    ``cap``, and no lower than the bar's own lower border there (``down`` at its ends, ANTERIOR_BAR_WAIST's ``low``
    between ``from`` and ``to``), so that the web and the front plates rise with the bar's waist (session 31)
    instead of filling it in.
    """
    if waist is None:
        return cap
    a, b, low = waist
    return min(cap, float(np.interp(f, (0.0, a, b, 1.0), (down[0], low, low, down[1]))))


def _anterior_point(design: Design, ant: np.ndarray, ta: tuple, side: str, point: tuple) -> None:
    """The anterior tubercle of C3-C5 as a small forward point at the front of the gutter (ANTERIOR_POINT).

    A short tapering bar from just medial to the tubercle's landmark (ANTERIOR_POINT_IN) forward and a little down
    to a blunt tip, its section the bar's end (``ta``: thick, up, down) at its start and ``point``'s at the tip,
    so that seen from the side the tubercle's upper border falls forward from the gutter's front wall to the tip
    (Gray 1918, the cervical vertebrae; the shape and all its sizes modelling values [M]).
    """
    reach, out, down, tip_up, tip_down, tip_thick, r = point
    direction = mirror((out, 1.0, -down), side)
    direction /= np.linalg.norm(direction)
    start = ant - mirror((ANTERIOR_POINT_IN, 0.0, 0.0), side)
    tip = start + reach * direction
    e = ANTERIOR_POINT_EDGE
    rows = ((0.0, ta[1], ta[2], ta[0], e, 1.0, e), (1.0, tip_up, tip_down, tip_thick, e, 1.0, e))
    design.add(sdf.ProfiledBlade(start, tip, (0.0, 0.0, 1.0), profile=rows, r=r), k=1.2)


def _intertubercular_bar(design: Design, ls: LevelShape, ant: np.ndarray, post: np.ndarray, ta: tuple, tp: tuple,
                         g: np.ndarray) -> None:
    """The bar joining the two tubercles below the notch between them (INTERTUBERCULAR_SET_IN, _THICK, _SPAN).

    An upright plate from the posterior tubercle to the anterior one, INTERTUBERCULAR_THICK mm thick along the
    process and set ls.intertubercular_set_in mm in from the tubercles' landmarks (horizontally), so that seen from
    above the notch between the tips stays open; its lower border runs INTERTUBERCULAR_SPAN[1] mm above each
    tubercle's and its upper border INTERTUBERCULAR_SPAN[0] mm above each landmark, so that seen from the side
    the process's end is one trough, the two tubercles rising from a common bar (the grooved bar uniting the roots,
    Gray 1918, the cervical vertebrae, carried on beneath the notch [M]), and the groove's floor between them stays
    level with the lamella's.
    """
    set_in, thick = ls.intertubercular_set_in, INTERTUBERCULAR_THICK
    over, under = INTERTUBERCULAR_SPAN
    inward = -g * (1.0, 1.0, 0.0)
    inward /= np.linalg.norm(inward)
    ends, spans = [], []
    for end, t in ((post, tp), (ant, ta)):
        top, low = end[2] + over, end[2] - t[2] + under
        ends.append(end + set_in * inward + (0.0, 0.0, 0.5 * (top + low) - end[2]))
        spans.append(0.5 * (top - low))
    design.add(sdf.Blade(ends[0], ends[1], (0.0, 0.0, 1.0), up=tuple(spans), down=tuple(spans),
                         thick=(thick, thick), ridge=1.0, r=1.0), k=INTERTUBERCULAR_BLEND)


def _anterior_root(design: Design, root: np.ndarray, end: np.ndarray, up: tuple, down: tuple,
                   thick: tuple, face: tuple | None = None, waist: tuple | None = None) -> None:
    """The anterior root's base: a web ANTERIOR_ROOT_BASE wide where the bar leaves the body, tapering into it.

    Its back edge runs along the bar's own, so the web widens the root forward along the body's side (clear of
    the foramen behind it); at ANTERIOR_ROOT_REACH of the bar's length it is the bar's width and height.
    With ``face`` (ANTERIOR_FACE: start, full, top, ridge) a plate on the front border's line, from ``start`` of the
    way out as low as the border, rises by ``full`` to ``top`` mm below the bar's crest, so the front is one surface
    leaning back to the crest.
    """
    along = (end - root) * (1.0, 1.0, 0.0)
    along /= np.linalg.norm(along)
    forward = np.array([-along[1], along[0], 0.0])
    forward = forward if forward[1] > 0 else -forward
    f = ANTERIOR_ROOT_REACH
    tip = root + f * (end - root)
    at = [a + f * (b - a) for a, b in (up, down, thick)]  # the bar's section there
    start = root + 0.5 * (ANTERIOR_ROOT_BASE - thick[0]) * forward
    design.add(sdf.Blade(start, tip, (0.0, 0.0, 1.0), up=(ANTERIOR_ROOT_SPAN[0], at[0]),
                         down=(ANTERIOR_ROOT_SPAN[1], _under_waist(f, down, waist, at[1])),
                         thick=(ANTERIOR_ROOT_BASE, at[2]), ridge=0.75, r=1.0), k=1.6)
    # the front border (ANTERIOR_BORDER): a low plate from the web's front to the tubercle's, its back edge on the
    # bar's, so the border runs straight out to the tubercle instead of dipping behind and curving forward to it
    end_start = end + 0.5 * (at[2] - thick[0]) * forward
    if waist is None:
        design.add(sdf.Blade(start, end_start, (0.0, 0.0, 1.0), up=(ANTERIOR_BORDER[0], ANTERIOR_BORDER[0]),
                             down=(ANTERIOR_BORDER[1], ANTERIOR_BORDER[1]), thick=(ANTERIOR_ROOT_BASE, at[2]),
                             ridge=0.75, r=0.8), k=1.2)
    else:  # its lower border rising with the bar's waist (ANTERIOR_BAR_WAIST)
        hb = ANTERIOR_BORDER[0]
        rows = tuple((s, hb, hd, ANTERIOR_ROOT_BASE + s * (at[2] - ANTERIOR_ROOT_BASE), 0.75,
                      1.0 - 0.25 * hd / (hb + hd), 1.0)
                     for s in (0.0, waist[0], waist[1], 1.0)
                     for hd in [_under_waist(s, down, waist, ANTERIOR_BORDER[1])])
        design.add(sdf.ProfiledBlade(start, end_start, (0.0, 0.0, 1.0), profile=rows, r=0.8), k=1.2)
    if face is not None:  # the front face one leaning plate up to the bar's crest (ANTERIOR_FACE)
        at0, full, top, ridge = face
        a0 = start + at0 * (end_start - start)
        crest = [(f, up[0] + f * (up[1] - up[0]) - top) for f in (full, 1.0)]
        heights = ([(at0, ANTERIOR_BORDER[0])] if full > at0 else []) + crest
        marks = sorted({f for f, _ in heights} | {w for w in (waist[:2] if waist is not None else ()) if w > at0})
        at_f, at_hu = [f for f, _ in heights], [hu for _, hu in heights]
        heights = [(f, float(np.interp(f, at_f, at_hu))) for f in marks]
        rows = tuple(((f - at0) / (1.0 - at0), hu, hd, ANTERIOR_ROOT_BASE + f * (at[2] - ANTERIOR_ROOT_BASE), ridge,
                      1.0 - (1.0 - ridge) * hd / (hu + hd), 1.0)
                     for f, hu in heights for hd in [_under_waist(f, down, waist, ANTERIOR_BORDER[1])])
        design.add(sdf.ProfiledBlade(a0, end_start, (0.0, 0.0, 1.0), profile=rows, r=0.8), k=1.2)


def _posterior_shoulder(design: Design, pillar: np.ndarray, tubercle: np.ndarray, side: str, level: str) -> None:
    """The posterior root's outer face from the pillar's front to the posterior tubercle (POSTERIOR_SHOULDER_*).

    An upright plate whose outer face runs straight from the front of the pillar's lateral face
    (POSTERIOR_SHOULDER_FROM: out, forward off the pillar's centre) to the back of the posterior tubercle
    (POSTERIOR_SHOULDER_TO: out, back off its landmark), its lower border POSTERIOR_SHOULDER_SPAN[0] mm above the
    tubercle's landmark and its upper border rising from POSTERIOR_SHOULDER_SPAN[1] mm above it at the pillar to
    POSTERIOR_SHOULDER_SPAN[2] at the tubercle; so that seen from the side the tubercle is the end of the
    posterior root running on from the pillar's front, not a knob parted from it by a crease (Gray 1918, the
    cervical vertebrae [M]).
    """
    low, high_a, high_b = _at(POSTERIOR_SHOULDER_SPAN, level)
    outer_a = pillar + mirror((POSTERIOR_SHOULDER_FROM[0], POSTERIOR_SHOULDER_FROM[1], 0.0), side)
    outer_b = tubercle + mirror((POSTERIOR_SHOULDER_TO[0], -POSTERIOR_SHOULDER_TO[1], 0.0), side)
    _outer_face_plate(design, outer_a, outer_b, tubercle[2] + low + 0.5, (high_a - low - 0.5, high_b - low - 0.5),
                      0.5, POSTERIOR_SHOULDER_THICK, 1.0, POSTERIOR_SHOULDER_BLEND)


def _outer_face_plate(design: Design, outer_a: np.ndarray, outer_b: np.ndarray, z: float, up: tuple[float, float],
                      down: float, thick: float, r: float, k: float) -> None:
    """An upright plate whose outer (lateral) face runs straight from ``outer_a`` to ``outer_b`` (x and y).

    It is ``thick`` mm thick, its axis at height ``z``, reaching ``up`` = (at a, at b) mm above it and ``down``
    below, its edges rounded ``r`` and blended over ``k`` (the posterior root's shoulder and crest).
    """
    design.add(_outer_face_blade(outer_a, outer_b, z, up, down, thick, r), k=k)


def _outer_face_blade(outer_a: np.ndarray, outer_b: np.ndarray, z: float, up: tuple[float, float], down: float,
                      thick: float, r: float) -> sdf.Blade:
    """The plate of :func:`_outer_face_plate` as a shape (the posterior root's underside adds it late)."""
    along = (outer_b - outer_a) * (1.0, 1.0, 0.0)
    inward = np.array([along[1], -along[0], 0.0]) / np.linalg.norm(along)
    if inward[0] * outer_a[0] > 0:  # toward the midline
        inward = -inward
    start, end = outer_a + 0.5 * thick * inward, outer_b + 0.5 * thick * inward
    start[2] = end[2] = z
    return sdf.Blade(start, end, (0.0, 0.0, 1.0), up=up, down=(down, down), thick=(thick, thick), ridge=1.0, r=r)


@dataclass
class _BehindFacet(sdf.Shape):
    """``shape`` kept behind facet ``j``'s plane, on the bone's side (the posterior root's underside).

    ``clear`` mm behind the plane over the facet and out to ``spread`` x its oval, so the facet's face and the
    start of its chamfer stay as cut; further out the limit rises toward the plane (and past it) by ``rise`` mm per
    mm, where the next vertebra's superior process, chamfered in its turn, lies well clear.
    """

    shape: sdf.Shape
    j: LocalJoint
    clear: float
    spread: float
    rise: float

    def bounds(self):
        return self.shape.bounds()

    def sdf(self, x, y, z):
        u, v, hu, hv = facet_axes(self.j)
        c, n = np.asarray(self.j.centre, float), np.asarray(self.j.normal, float)
        dx, dy, dz = x - c[0], y - c[1], z - c[2]
        h = dx * n[0] + dy * n[1] + dz * n[2]
        rho = np.hypot((dx * u[0] + dy * u[1] + dz * u[2]) / hu, (dx * v[0] + dy * v[1] + dz * v[2]) / hv)
        beyond = np.maximum(rho - self.spread, 0.0) * min(hu, hv)  # mm outside ``spread`` x the oval, about
        return np.maximum(self.shape.sdf(x, y, z), h + self.clear - self.rise * beyond)


def _posterior_underside(design: Design, pillar: np.ndarray, tubercle: np.ndarray, side: str,
                         below: LocalJoint) -> None:
    """The posterior root's foot under the tubercle, from the pillar's front out to it (POSTERIOR_UNDERSIDE_*).

    The inferior facet's chamfer, cut after every union, took a slot out of the bone there; this plate is added
    after the cuts, on the shoulder's outer line (POSTERIOR_SHOULDER_FROM, _TO), and kept POSTERIOR_UNDERSIDE_CLEAR mm
    behind the inferior facet's plane (``below``), so seen from the side the pillar's front runs on into the
    tubercle's lower part, while the facet, its chamfer's first part and the joint's gap stay as cut.
    """
    low, high = POSTERIOR_UNDERSIDE_SPAN
    outer_a = pillar + mirror((POSTERIOR_SHOULDER_FROM[0], POSTERIOR_SHOULDER_FROM[1], 0.0), side)
    outer_b = tubercle + mirror((POSTERIOR_SHOULDER_TO[0], -POSTERIOR_SHOULDER_TO[1], 0.0), side)
    half = 0.5 * (high - low)
    blade = _outer_face_blade(outer_a, outer_b, tubercle[2] + low + half, (half, half), half,
                              POSTERIOR_UNDERSIDE_THICK, POSTERIOR_UNDERSIDE_ROUND)
    design.add_late(_BehindFacet(blade, below, POSTERIOR_UNDERSIDE_CLEAR, POSTERIOR_UNDERSIDE_SPREAD,
                                 POSTERIOR_UNDERSIDE_RISE), k=POSTERIOR_UNDERSIDE_BLEND)


def _posterior_crest(design: Design, pillar: np.ndarray, tubercle: np.ndarray, side: str,
                     start: tuple[float, float]) -> None:
    """The posterior root's upper border from the tubercle's top back into the pillar's front (POSTERIOR_CREST_*).

    An upright plate above the shoulder (_posterior_shoulder), its outer face straight from POSTERIOR_CREST_FROM
    (out, forward off the pillar's centre) to POSTERIOR_CREST_TO (out, back off the tubercle's landmark), standing
    from POSTERIOR_CREST_SPAN[0] mm above the landmark to SPAN[1] at the pillar and SPAN[2] at the tubercle; so that
    seen from the side the tubercle's top runs back into the pillar instead of a crease parting them (Gray 1918, the
    cervical vertebrae [M]).
    """
    lo, hi_a, hi_b = POSTERIOR_CREST_SPAN
    outer_a = pillar + mirror((start[0], start[1], 0.0), side)
    outer_b = tubercle + mirror((POSTERIOR_CREST_TO[0], -POSTERIOR_CREST_TO[1], 0.0), side)
    _outer_face_plate(design, outer_a, outer_b, tubercle[2] + lo, (hi_a - lo, hi_b - lo), 0.0, POSTERIOR_CREST_THICK,
                      POSTERIOR_CREST_ROUND, POSTERIOR_CREST_BLEND)


def _posterior_root(design: Design, pillar: np.ndarray, root: np.ndarray, end: np.ndarray, tubercle: tuple,
                    side: str) -> None:
    """The posterior root's base: a low web from the front of the pillar's lateral face out to the tubercle.

    It leaves the pillar POSTERIOR_ROOT_AT (out, forward) mm from the pillar's centre, at the height midway between
    the bar's root and its tubercle, POSTERIOR_ROOT_BASE mm wide from above, and ends POSTERIOR_ROOT_END[0] mm
    behind the tubercle's axis, POSTERIOR_ROOT_END[1] mm wide; so from above the process's back border is one line
    from the pillar to the posterior tubercle, not a lobe standing off the pillar's front with open space behind.
    ``root`` (the bar's root) sets only the web's height.
    """
    start = pillar + mirror((POSTERIOR_ROOT_AT[0], POSTERIOR_ROOT_AT[1], 0.0), side)
    start[2] = 0.5 * (root[2] + end[2])
    along = (end - start) * (1.0, 1.0, 0.0)
    along /= np.linalg.norm(along)
    back = np.array([along[1], -along[0], 0.0]) * (1.0 if along[0] > 0 else -1.0)  # horizontal, toward the back
    end = end + POSTERIOR_ROOT_END[0] * back
    design.add(sdf.Blade(start, end, (0.0, 0.0, 1.0), up=(POSTERIOR_ROOT_SPAN[0], 0.8 * tubercle[1]),
                         down=(POSTERIOR_ROOT_SPAN[1], tubercle[2]), thick=(POSTERIOR_ROOT_BASE, POSTERIOR_ROOT_END[1]),
                         ridge=0.75, r=1.2), k=1.6)


# The upper border of a bifid spine (C3-C6) seen from the side, mm above its axis: at the fork, where each prong
# leaves the stem, and at the prong's neck by its tubercle (working values [M], read off lateral views of dry
# C3-C6: Gray 1918; Standring 2016). The border falls toward the tip, so the spine tapers to its tubercles and
# points down and back; at (3.4, 3.0, 1.6) (session 12's start) it ran nearly parallel to the lower border and
# ended square, 6.4 mm tall: the back of the bone read as a box from the left (issue 10).
SPINE_TOP = (2.2, 1.6, -0.2)
# ... and each tubercle hangs this far (mm, square to the spine) below the prong's axis, drawn down below the
# falling upper border as on a dry bone (1.1 at session 12's start, when the border stood higher) [M].
TUBERCLE_DROP = 2.3
# ... and is this tall (its semi-axis square to the spine, mm) [M]: 3.3 before the drop, 3.8 so that, hung lower, it
# still carries the tubercle's height (flattened side to side, >= 1.5 x as tall as it is wide: tests).
TUBERCLE_TALL = 3.8
# Session 17 (cerv17, issue 10): from above the bifid spine of C3-C6 read as two tiny knobs touching at the apex of the
# laminae's V (across it at 80 % of its length: two runs of bone 3.3-3.8 mm broad, 1.4-1.6 mm apart, 8.5-9.3 mm in
# all). In a real C4-C6 seen from above the spine is short and stout and its two tubercles are distinct (Gray 1918,
# the cervical vertebrae: "short and bifid, the two divisions being often of unequal size"; Netter's plate of a
# typical cervical vertebra from above). Modelling values [M] (no measured tubercle spread found): the stem is
# SPINE_STEM_THICK = (at its root, at the fork) mm thick across (4.2, 3.4 before); each prong leaves it PRONG_ROOT mm
# beside the midline (1.3 before), PRONG_THICK = (at its root, at its end) mm thick (3.6, 3.8 before; the smaller
# tubercle's prong, TUBERCLE_UNEQUAL, narrows to its size at its end), runs out to PRONG_SPREAD mm from the midline
# (3.4 before) by PRONG_KNEE of the spine's length and on from there parallel to the spine to its tubercle: two
# knobs 3.7-3.9 mm apart, 10.6-11.0 mm in all. Spread on a straight prong instead, the prong crossed the flattened-
# tubercle test's last 2 mm at a slant and read 4.6-4.9 mm wide there (tests: 4.5); the tubercle's own semi-axis
# across the spine stays TUBERCLE_WIDE, as before (at 2.0-2.2 mm the same test read 4.6-4.8 mm).
PRONG_SPREAD = 3.8
SPINE_STEM_THICK = (4.6, 4.0)
PRONG_THICK = (5.4, 3.4)
TUBERCLE_WIDE = 1.7
PRONG_ROOT = 0.9
PRONG_KNEE = 0.72
# Session 28 (cerv28b, issue 10): the spine's root stood forward of the laminae's junction. Its front edge ran
# upright through the spinous base (the canal's back) down to SPINE_ROOT_DOWN under its axis, while the laminae
# slope down and back, so below their upper borders the root stood 5.5-8.3 mm in front of the laminae beside it
# (test_cervical_junction_above; C7 8.3), and the canal's cut squared it off into a notched tab with two horns
# seen from above through the canal. On a dry C3-C7 the laminae meet behind the canal in a smooth curve or a
# shallow angle and the spine springs from the back of their junction (Gray 1918, "The Cervical Vertebrae"). So the
# stem is trimmed (_on_junction, a smooth difference of SPINE_ROOT_BLEND mm) to what lies behind the laminae's
# junction (_AheadOfJunction): the trace in the midline of the laminae's anterior faces, SPINE_ROOT_LEAD mm in front
# of it (at 0 the stem's front fell behind the laminae's rounded ends and the wall showed a crease, about 1 mm deep,
# in the midline; at 1.0 the junction is a rounded V in axial sections), down to the junction's lower border, and
# under that a face running down and back SPINE_ROOT_UNDER degrees from the vertical (upright, the spine's lower
# border left the junction in a square step seen from the left; at 45 degrees C7's spine lost 1.7 mm of its height
# at mid-length, 9.5 to 7.8 mm; at 30 it keeps 9.4). Modelling values [M].
# Session 28 left C7 untrimmed: trimmed alone, its canal measured 17.3 mm deep in the midline at the body's mid-height
# (the table: 14.0; its laminae, sloping 38 degrees from upper borders set high at the spine's root, lie 3 mm further
# back there than the canal's outline), so the landmarks' canal centre moved 1.6 mm back and the canal's narrowest
# width at that depth fell to 22.3 mm (test_landmarks.py::test_cervical_canal_is_clear_at_the_facets_height: at least
# 22.8). Session 29 (cerv29): C7's laminae meet further forward (LAMINA_JUNCTION) and C7 is trimmed too.
SPINE_ROOT_ON_LAMINAE = {DEFAULT: True}
SPINE_ROOT_BLEND = 0.8
SPINE_ROOT_LEAD = 1.0
SPINE_ROOT_UNDER = 30.0
# C7's spine (the vertebra prominens: long, thick, nearly horizontal, not bifid, ending in a tubercle: Gray 1918,
# "The Seventh Cervical Vertebra"). Session 28 (cerv28b, issue 10): from above it read as a rod of even width (4.8-5.4
# mm from 50 % of its length to its tip, default mesh), its tubercle (semi-axes across, up, along: 2.0, 4.2, 2.2 mm)
# no wider than the blade. The blade stays 5.6 mm thick at its root and is 5.0 at its end (4.4 before), and the
# tubercle 3.4 mm across (a knob wider than the blade from above). Its root stands C7_SPINE_ROOT_UP mm over the
# axis (6.0 before): at 6.0 its top lay about 1 mm under the laminae's upper borders where they meet, which from
# above left a notch between them. Modelling values [M]: the table gives only the spine's length and slope (spl,
# spi), which stay; no measured width or height of C7's spine found.
# Session 33 (cerv33b, issue 10: "a thin rod ending in a ball" from above): the blade measured 5.0-5.2 mm across from
# 50 to 75 % of the way to its tip and narrowed before a knob 7.1 mm across; from the left it stood 10 mm tall, a
# blade on edge. On a dry C7 the spine is a thick shaft that broadens into its tubercle (Gray 1918; on CT C7's spine
# is the widest of C3-C7: Mao and Cui 2017, Chin J Clin Anat 35:637, abstract). So the blade is thicker (6.8 mm at
# its root, 6.2 at its end), and the tubercle is the spine's end flaring from the shaft: a plate C7_TUBERCLE_FLARE =
# (where it starts, as a share of the spine's length; mm thick there; mm thick at its end; mm above the axis where it
# starts, at its end; mm below the axis where it starts, at its end; how far short of the tip it ends, mm), rounded
# C7_TUBERCLE_ROUND mm, instead of the ellipsoid C7_TUBERCLE (semi-axes 3.4 x 4.2 x 2.2 mm), which read as a ball on
# the end of a rod. Modelling values [M] (no measured width of C7's spine or tubercle found).
C7_SPINE_ROOT_UP = 7.0
C7_SPINE_THICK = (6.8, 6.2)
C7_TUBERCLE_FLARE = (0.68, 6.2, 11.0, 3.0, 3.0, 4.6, 5.4, 3.0)
C7_TUBERCLE_ROUND = 2.4
# ... and its end is rounded by an ovoid, C7_TUBERCLE_END = (semi-axes across, up, along; mm under the axis), as
# broad as the flare's end, so that the tubercle ends in a rounded border from above and from the side [M].
C7_TUBERCLE_END = (4.9, 4.2, 2.6, 1.2)


@dataclass
class _AheadOfJunction(sdf.Shape):
    """What lies in front of the laminae's junction in the midline (SPINE_ROOT_ON_LAMINAE), in every sagittal plane.

    The right lamina's anterior face (``point``, ``normal`` into the canal) meets its mirror image in the midline
    along its trace in the plane x = 0; down to ``z_low`` (the junction's lower border) the region is what lies more
    than SPINE_ROOT_LEAD mm in front of that trace, and below it what lies in front of a face through the trace there
    running down and back SPINE_ROOT_UNDER degrees from the vertical: the intersection of the two half-spaces
    (negative inside).
    """

    point: np.ndarray
    normal: np.ndarray
    z_low: float

    def bounds(self):
        return np.full(3, -100.0), np.full(3, 100.0)

    def sdf(self, x, y, z):
        p, n = self.point, self.normal
        across = float(np.hypot(n[1], n[2]))
        ahead = (n[1] * (y - p[1]) + n[2] * (z - p[2]) - n[0] * p[0]) / across - SPINE_ROOT_LEAD
        y_low = p[1] + (n[0] * p[0] - n[2] * (self.z_low - p[2])) / n[1] + SPINE_ROOT_LEAD * across / n[1]
        # below the junction's lower border, the face through it running down and back SPINE_ROOT_UNDER degrees
        # from the vertical (the spine's lower border leaves the junction's, not a step under it)
        c, s = np.cos(np.radians(SPINE_ROOT_UNDER)), np.sin(np.radians(SPINE_ROOT_UNDER))
        under = c * (y_low - y) + s * (z - self.z_low)
        return np.maximum(-ahead, under) + 0.0 * x


def _on_junction(stem: sdf.Shape, lamina_front: tuple[np.ndarray, np.ndarray, float], on: bool) -> sdf.Shape:
    """The spine's stem with its root trimmed back to the laminae's junction (SPINE_ROOT_ON_LAMINAE), or as it is."""
    if not on:
        return stem
    point, normal, z_low = lamina_front
    return _Without(stem, _AheadOfJunction(np.asarray(point, float), np.asarray(normal, float), z_low),
                    SPINE_ROOT_BLEND)


def _spinous(design: Design, d: LevelDimensions, ls: LevelShape, base: np.ndarray,
             lamina_front: tuple[np.ndarray, np.ndarray, float]) -> None:
    """C3-C6: a short plate that forks into two tubercles; C7: long, single, ending in one tubercle.

    The tubercles are the thickened, downward-drawn ends of the blade (and of each fork), flattened from
    side to side: on a dry bone they are rough knobs for the nuchal ligament, never balls on rods. The root
    stands on the laminae's junction (``lamina_front``: see _on_junction).
    """
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    up = np.array([0.0, direction[2], -direction[1]])
    if ls.single_spine:
        end = tip - 2.6 * direction
        stem = [base + up * C7_SPINE_ROOT_UP, end + up * 3.0, end - up * 4.2, base - up * 6.5]
        design.add(_on_junction(slab(stem, C7_SPINE_THICK, r=1.5, normal=(1.0, 0.0, 0.0)), lamina_front,
                                ls.spine_root_on_laminae), k=2.0)
        # the tubercle: the blade's end flaring out from the shaft and drawn down (C7_TUBERCLE_FLARE), not a ball
        at, thick0, thick1, top0, top1, low0, low1, short = C7_TUBERCLE_FLARE
        start, stop = base + at * d.spl * direction, tip - short * direction
        knob = [start + up * top0, stop + up * top1, stop - up * low1, start - up * low0]
        design.add(slab(knob, (thick0, thick1), r=C7_TUBERCLE_ROUND, normal=(1.0, 0.0, 0.0)), k=2.0)
        # ... its end rounded in plan and from the side by a flattened ovoid as broad as the flare's end
        frame = np.column_stack([(1.0, 0.0, 0.0), up, -direction])
        design.add(sdf.Ellipsoid(stop - up * C7_TUBERCLE_END[3], C7_TUBERCLE_END[:3], frame), k=2.0)
    else:
        fork = base + BIFID_FORK * d.spl * direction  # a short notch: two tubercles, not a V of rods
        stem = [base + up * ls.spine_root_up, fork + up * SPINE_TOP[0], fork - up * 3.8, base - up * SPINE_ROOT_DOWN]
        design.add(_on_junction(slab(stem, SPINE_STEM_THICK, r=1.3, normal=(1.0, 0.0, 0.0)), lamina_front,
                                ls.spine_root_on_laminae), k=1.8)
        for sx in (1, -1):
            size = 1.0 if sx > 0 else TUBERCLE_UNEQUAL
            end = tip - 1.2 * direction + (sx * PRONG_SPREAD, 0.0, 0.0)
            root = fork + (sx * PRONG_ROOT, 0.0, 0.0)  # each prong leaves the stem beside the midline: a real notch
            neck = end - 0.5 * TUBERCLE_ROUND * direction  # the flat prong stops short of the end ...
            # ... and bends at its knee (PRONG_KNEE) to run on parallel to the spine, so the tubercles stand apart
            f = (PRONG_KNEE - BIFID_FORK) * d.spl / float((neck - fork) @ direction)
            knee = fork + (PRONG_KNEE - BIFID_FORK) * d.spl * direction + (sx * PRONG_SPREAD, 0, 0)
            knee_top = SPINE_TOP[1] + f * (SPINE_TOP[2] - SPINE_TOP[1])
            knee_low = 3.4 + f * (3.8 - 3.4)
            design.add(slab([root + up * SPINE_TOP[1], knee + up * knee_top, knee - up * knee_low, root - up * 3.4],
                            (PRONG_THICK[0], size * PRONG_THICK[1]), r=1.1, normal=np.cross(knee - root, up)), k=1.4)
            prong = [knee + up * knee_top, neck + up * SPINE_TOP[2] + (-sx * 0.6, 0, 0), neck - up * 3.8,
                     knee - up * knee_low]
            design.add(slab(prong, size * PRONG_THICK[1], r=1.1, normal=np.cross(end - knee, up)), k=1.4)
            root = knee  # the tubercle continues the prong's last run
            # ... and the tubercle is its rounded end: an ovoid drawn downward, flattened side to side as on a
            # dry bone (a rough knob for the nuchal ligament), which rounds the end from the side where the
            # slab's square end read as a box (session 10's sheets)
            along = (end - root) / np.linalg.norm(end - root)
            side_dir = np.cross(up, along)
            side_dir /= np.linalg.norm(side_dir)
            tall = np.cross(along, side_dir)
            tall = tall if tall @ up > 0 else -tall
            design.add(sdf.Ellipsoid(end - TUBERCLE_ROUND * along - TUBERCLE_DROP * size * tall,
                                     (TUBERCLE_ROUND, TUBERCLE_WIDE * size, TUBERCLE_TALL * size),
                                     np.column_stack([along, side_dir, tall])), k=1.2)
        design.mark("bifid_tips", tip)
    design.mark("spinous_tip", tip)
