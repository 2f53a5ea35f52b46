"""The ``spineviz`` command: the app by default, and render / info / loads / links / meshes subcommands.

Heavy libraries (VTK, Qt) are imported inside the handlers, so ``--help`` and the model commands stay fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2
EXIT_NO_OPENGL = 3
DEFAULT_PNG = "spineviz-default.png"
ANATOMY_HELP = "an anatomy folder (spineviz anatomy import) to show instead of the model"


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size {text!r} must look like 1200x1600") from None
    if not (16 <= w <= 8192 and 16 <= h <= 8192):
        raise argparse.ArgumentTypeError(f"size {text!r}: each side must be 16..8192 pixels")
    return w, h


def _parser() -> argparse.ArgumentParser:
    from spineviz.render.look import VIEWS

    p = argparse.ArgumentParser(
        prog="spineviz", description="The human spine in 3D, and facet joint pain.",
        epilog="With no command, opens the app (`spineviz SCENE.toml` opens a scene in it).",
    )
    sub = p.add_subparsers(dest="command")

    r = sub.add_parser("render", help="render the spine to an image without a display")
    r.add_argument("scene_file", nargs="?", help="a scene file (.toml); flags below override it")
    r.add_argument("--out", required=True,
                   help="output: .png, .gif, .mp4, .html (3D page), .gltf/.glb, .svg (body map)")
    r.add_argument("--preset", default=None, help="a preset scene id, e.g. l4-5-facet-pain-on-extension")
    r.add_argument("--fps", type=int, default=15, help="frames per second for .gif/.mp4")
    r.add_argument("--body-map", action="store_true", help="write the scene's body map (.svg or .png)")
    r.add_argument("--handout", action="store_true", help="write the patient handout (.pdf, or .html)")
    r.add_argument("--view", choices=VIEWS, default=None)
    r.add_argument("--region", default=None, help="all, cervical, thoracic or lumbar")
    r.add_argument("--size", type=_size, default=None, help="WxH in pixels, e.g. 1200x1600")
    r.add_argument("--motion", default=None, help='e.g. "extension=15, rotation=10 left"')
    r.add_argument("--motion-region", default=None, help="region the motion acts on (default: --region)")
    r.add_argument("--loads", action="store_true", help="colour each facet by its estimated load")
    r.add_argument("--labels", action="store_true", help="write the level names beside the vertebrae")
    r.add_argument("--xray", action="store_true", help="make bone translucent so facets show")
    r.add_argument("--transparent", action="store_true", help="transparent background (PNG)")
    r.add_argument("--lod", default="default", help="mesh level of detail: default or fine")
    r.add_argument("--nerves", action="store_true", help="show the nerve roots and the medial branches")
    r.add_argument("--clip", choices=("sagittal", "coronal", "axial"), default=None,
                   help="cut the spine with a plane and cap the cut (the view turns to face it)")
    r.add_argument("--clip-at", default=None, help='where the cut passes: a level or segment, e.g. "L4/5"')
    r.add_argument("--clip-offset", type=float, default=0.0, help="move the cut along its normal (mm)")
    r.add_argument("--notes", default=None, help="the clinician's notes for the PDF handout")
    r.add_argument("--anatomy", default=None, help=ANATOMY_HELP)

    t = sub.add_parser("tour", help="play a tour (scenes with captions) to an MP4 or an offline HTML slideshow")
    t.add_argument("tour_file", help="a tour file (.toml), e.g. tours/why-my-back-hurts-when-i-lean-back.toml")
    t.add_argument("--out", required=True, help="output: .mp4 (smooth camera moves) or .html (slideshow)")
    t.add_argument("--size", type=_size, default=None, help="WxH in pixels (default 960x720)")
    t.add_argument("--fps", type=int, default=12, help="frames per second for .mp4")

    n = sub.add_parser("nerves", help="list the modelled nerves: roots and medial branches, with sources")
    n.add_argument("--joint", default=None, help='only the medial branches that supply a joint, e.g. "L4/5"')
    n.add_argument("--json", action="store_true")

    i = sub.add_parser("info", help="print the model: dimensions, placements, landmarks, facet joints")
    i.add_argument("--json", action="store_true")
    i.add_argument("--anatomy", default=None, help=ANATOMY_HELP)

    lo = sub.add_parser("loads", help="print every facet joint's gap and estimated load for a motion")
    lo.add_argument("--motion", default="neutral")
    lo.add_argument("--region", default="all")
    lo.add_argument("--json", action="store_true")
    lo.add_argument("--anatomy", default=None, help=ANATOMY_HELP)

    li = sub.add_parser("links", help="print what the linker finds in a document")
    li.add_argument("file")
    li.add_argument("--json", action="store_true")

    m = sub.add_parser("meshes", help="mesh set tools")
    msub = m.add_subparsers(dest="meshes_command", required=True)
    b = msub.add_parser("build", help="regenerate the mesh set deterministically")
    b.add_argument("--out", default=None, help="folder (default: the project's meshes/)")
    b.add_argument("--lod", action="append", choices=["default", "fine"], help="repeatable; default: default")
    b.add_argument("--level", action="append", help="only these levels (repeatable)")

    a = sub.add_parser("anatomy", help="a patient's own spine: import a CT segmentation or a set of meshes")
    asub = a.add_subparsers(dest="anatomy_command", required=True)
    imp = asub.add_parser("import", help="turn a CT label map (.nii/.nii.gz), a folder of masks or a folder of "
                          "meshes into an anatomy folder")
    imp.add_argument("source", help="a label map, a TotalSegmentator output folder, or a folder of "
                     ".stl/.obj/.ply/.vtp meshes named by level")
    imp.add_argument("--out", required=True, help="the anatomy folder to write (made whole or not at all)")
    imp.add_argument("--labels", default=None, help="totalsegmentator, verse, or MAP.toml (default: detect)")
    imp.add_argument("--name", default=None, help="a name to show for this anatomy (no patient identifiers)")
    imp.add_argument("--standing", action="store_true",
                     help="give it the model's standing curves (a CT is taken lying down, flatter than standing)")
    p.add_argument("--anatomy", default=None, help="open the app on an anatomy folder (spineviz anatomy import)")
    return p


COMMANDS = ("render", "tour", "nerves", "info", "loads", "links", "meshes", "anatomy")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    scene = None
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        scene = argv.pop(0)
    args = _parser().parse_args(argv)
    args.scene = scene
    handlers = {None: _cmd_app, "render": _cmd_render, "tour": _cmd_tour, "nerves": _cmd_nerves,
                "info": _cmd_info, "loads": _cmd_loads,
                "links": _cmd_links, "meshes": _cmd_meshes, "anatomy": _cmd_anatomy}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    print(f"spineviz: {message}", file=sys.stderr)
    return code


def _motion(text: str | None, region: str):
    from spineviz.motion import parse_motion

    if not text:
        return None
    return parse_motion(text, region=region)


def _scene_for_render(args):
    """The scene to render: a file, a preset or the default, with command-line flags laid over it."""
    import dataclasses

    from spineviz.scene import Camera, SceneState, load_scene
    from spineviz.scene.presets import load_preset

    if args.scene_file and args.preset:
        raise ValueError("give a scene file or --preset, not both")
    if args.scene_file:
        state = load_scene(args.scene_file)
    elif args.preset:
        state = load_preset(args.preset)
    else:
        state = SceneState(audience="clinician")
    changes, layers = {}, {}
    if args.view:
        changes["camera"] = Camera(view=args.view, zoom=state.camera.zoom)
    if args.region:
        changes["region"] = args.region
    if args.motion:
        from spineviz.anatomy.spine import model
        from spineviz.motion.pose import pose

        asked = _motion(args.motion, args.motion_region or args.region or "all")
        anatomy = getattr(args, "anatomy", None) or state.anatomy
        posed = pose(anatomy_model(anatomy) if anatomy else model(), asked)  # beyond the range: clamp, say so
        for c in posed.clamped:
            print(f"note: {c} (beyond the physiological range)")
        changes["motion"] = posed.applied
        changes["animation"] = None
    if args.loads:
        changes["loads"] = True
    if args.labels:
        layers["labels"] = True
    if args.xray and state.layers.bone_transparency == 0:
        from spineviz.render.look import XRAY_OPACITY

        layers["bone_transparency"] = round(1.0 - XRAY_OPACITY, 3)  # the app's X-ray, from the theme
    if getattr(args, "anatomy", None):
        changes["anatomy"] = os.path.abspath(args.anatomy)
    if getattr(args, "nerves", False):
        layers["nerves"] = True
    if getattr(args, "clip", None):
        from spineviz.scene.clip import VIEW_FOR_PLANE, clip_from_flags

        changes["clip"] = clip_from_flags(args.clip, args.clip_at, args.clip_offset)
        if not args.view:
            changes["camera"] = Camera(view=VIEW_FOR_PLANE[args.clip], zoom=state.camera.zoom)
    if layers:
        changes["layers"] = dataclasses.replace(state.layers, **layers)
    return dataclasses.replace(state, **changes) if changes else state


def _cmd_render(args) -> int:
    from spineviz.anatomy.meshset import MeshSetError
    from spineviz.anatomy.spine import load_spine
    from spineviz.app.display import display_problem
    from spineviz.motion import MotionError
    from spineviz.render.export import ExportError, export_body_map, export_scene, write_handout
    from spineviz.render.gl import NoOpenGLError
    from spineviz.render.scene_render import render_scene
    from spineviz.scene import SceneError

    if os.environ.get("DISPLAY") and display_problem():
        os.environ.pop("DISPLAY")  # a dead X server: render off-screen with EGL, which needs no display
    out = Path(args.out)
    problem = out_problem(out) or anatomy_problem(args.anatomy)
    if problem:
        return _fail(problem)
    try:
        state = _scene_for_render(args)
        spine = load_spine(state.anatomy, lod=args.lod) if args.lod != "default" else None
        summary = {}
        if args.handout and out.suffix.lower() == ".pdf":
            from spineviz.render.handout_pdf import HandoutError, write_handout_pdf

            try:
                write_handout_pdf(state, out, notes=args.notes or "", spine=spine)
            except HandoutError as err:
                return _fail(str(err))
        elif args.handout:
            write_handout(state, out, spine=spine)
        elif args.body_map:
            export_body_map(state, out)
        elif out.suffix.lower() == ".png":
            summary = render_scene(state, out, size=args.size or (1200, 1600), transparent=args.transparent,
                                   spine=spine)
        else:
            def progress(f: float) -> None:
                print(f"\rrendering {f:4.0%}", end="" if f < 1 else "\n", file=sys.stderr, flush=True)

            export_scene(state, out, size=args.size, fps=args.fps, spine=spine, progress=progress)
    except (SceneError, MotionError, ExportError, MeshSetError, ValueError) as err:
        return _fail(str(err))
    except NoOpenGLError as err:
        return _fail(str(err), EXIT_NO_OPENGL)
    except OSError as err:  # read-only folder, full disk, a pipe swapped in: nothing was written
        return _fail(f"{out}: could not be written ({err.strerror or err}). Fix: choose a folder you can write "
                     "to, and check that the disk is not full")
    for c in summary.get("clamped", []):
        print(f"note: {c} (beyond the physiological range)")
    if "most_loaded" in summary:
        print("most loaded: " + ", ".join(f"{n} {v:.0f} N" for n, v in summary["most_loaded"]))
        print(summary["note"])
    print(f"wrote {out}")
    return 0


def out_problem(out: Path) -> str | None:
    """Why ``--out`` cannot be written, checked before any work (a folder, a pipe, a read-only folder)."""
    import stat

    from spineviz.regular_files import file_kind

    try:
        st = out.stat()
    except OSError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        example = out / ("spine" + (out.suffix or ".png"))
        return f"{out}: is a folder. Fix: give a file name inside it, e.g. --out {example}"
    if st is not None and not stat.S_ISREG(st.st_mode):
        return f"{out}: is {file_kind(st.st_mode)}, not a file. Fix: choose another file name"
    folder = out.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return f"{out}: the folder {folder} is read-only. Fix: choose a folder you can write to"
    return None


def _cmd_tour(args) -> int:
    from spineviz.render.gl import NoOpenGLError
    from spineviz.render.tour_export import DEFAULT_SIZE, TourExportError, write_tour_html, write_tour_mp4
    from spineviz.scene.tour import TourError, load_tour

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".mp4", ".html"):
        return _fail(f"{out}: a tour is written as .mp4 or .html. Fix: name the output *.mp4 or *.html")
    try:
        tour = load_tour(args.tour_file)
        size = args.size or DEFAULT_SIZE
        if suffix == ".mp4":
            def progress(f: float) -> None:
                print(f"\rrendering {f:4.0%}", end="" if f < 1 else "\n", file=sys.stderr, flush=True)

            write_tour_mp4(tour, out, size=size, fps=args.fps, progress=progress)
        else:
            write_tour_html(tour, out, size=size)
    except (TourError, TourExportError, ValueError) as err:
        return _fail(str(err))
    except NoOpenGLError as err:
        return _fail(str(err), EXIT_NO_OPENGL)
    print(f"wrote {out} ({len(tour.steps)} steps, {tour.seconds:.0f} s)")
    return 0


def _cmd_nerves(args) -> int:
    from spineviz.anatomy.levels import LevelError, parse_segment
    from spineviz.anatomy.meshset import MeshSetError
    from spineviz.anatomy.nerves import nerve_paths, nerve_records, nerves_for_joint, shipped_landmarks
    from spineviz.anatomy.spine import model

    try:
        paths = nerve_paths(model(), shipped_landmarks())
        if args.joint:
            paths = nerves_for_joint(paths, parse_segment(args.joint).name)
    except (LevelError, MeshSetError) as err:
        return _fail(str(err))
    records = nerve_records(paths)
    if args.json:
        print(json.dumps(records, indent=1))
        return 0
    for r in records:
        supplies = f"  supplies {', '.join(r['supplies'])}" if r["supplies"] else ""
        print(f"{r['name']:<28} on {r['carrier']:<3}{supplies}")
    if records:
        print(f"read more: article '{records[0]['article']}'; sources: `spineviz nerves --json`")
    return 0


def _cmd_info(args) -> int:
    from spineviz.anatomy.info import model_info, text_report

    if args.anatomy:
        from spineviz.anatomy.importer.report import anatomy_info, text

        if anatomy_problem(args.anatomy):
            return _fail(anatomy_problem(args.anatomy) or "")
        from spineviz.anatomy.meshset import MeshSetError

        try:
            info = anatomy_info(args.anatomy)
        except (MeshSetError, OSError, ValueError) as err:
            return _fail(str(err))
        print(json.dumps(info, indent=1) if args.json else text(info))
        return 0
    info = model_info()
    print(json.dumps(info, indent=1) if args.json else text_report(info))
    return 0


def _cmd_loads(args) -> int:
    from spineviz.anatomy.meshset import MeshSetError
    from spineviz.anatomy.spine import model
    from spineviz.motion import MotionError, parse_motion
    from spineviz.motion.loads import ESTIMATE_NOTE, facet_loads
    from spineviz.motion.pose import pose

    if anatomy_problem(args.anatomy):
        return _fail(anatomy_problem(args.anatomy) or "")
    try:
        motion = parse_motion(args.motion, region=args.region)
        spine = anatomy_model(args.anatomy) if args.anatomy else model()
    except (MotionError, MeshSetError, OSError) as err:
        return _fail(str(err))
    p = pose(spine, motion)
    loads = facet_loads(spine, p)
    present = set(spine.present_segments)  # an imported spine has joints only between present neighbours
    records = [r for r in loads.as_records() if r["joint"].rsplit(" ", 1)[0] in present]
    if args.json:
        print(json.dumps({"motion": motion.describe(), "region": motion.region,
                          "clamped": [str(c) for c in p.clamped], "note": ESTIMATE_NOTE,
                          "joints": records}, indent=1))
        return 0
    print(f"{motion.describe()} — {ESTIMATE_NOTE}")
    for c in p.clamped:
        print(f"note: {c}")
    print(f"{'joint':<14}{'gap mm':>8}{'load N':>9}")
    for rec in records:
        print(f"{rec['joint']:<14}{rec['gap_mm']:>8.2f}{rec['load_n']:>9.1f}")
    return 0


def anatomy_problem(folder: str | None) -> str | None:
    """Why ``--anatomy`` cannot be shown, checked before any work; None when it can (or none was given)."""
    from spineviz.anatomy.importer.report import folder_problem

    return folder_problem(folder) if folder else None


def anatomy_model(folder: str):
    """The spine model of an anatomy folder: its numbers only (the meshes are not needed for loads)."""
    from spineviz.anatomy.meshset import read_manifest
    from spineviz.anatomy.spine import model

    manifest = read_manifest(Path(folder))
    if not manifest.get("anatomy"):
        return model()
    from spineviz.anatomy.importer.assembly import model_from_manifest

    return model_from_manifest(Path(folder), manifest)


def _cmd_anatomy(args) -> int:
    from spineviz.anatomy.importer.errors import ImportInputError
    from spineviz.anatomy.importer.pipeline import import_anatomy

    print(f"importing {args.source} (nothing leaves this machine) …", file=sys.stderr, flush=True)
    try:
        result = import_anatomy(args.source, args.out, args.labels, args.name, args.standing)
    except ImportInputError as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"{args.out}: could not write the anatomy folder ({err.strerror or err}). Fix: choose a "
                     "folder you can write to, and check that the disk is not full")
    print(f"levels: {', '.join(result.present)}")
    for why in result.skipped:
        print(f"skipped: {why}")
    print(f"facet joints found: {result.joints_found}"
          + (f"; from the model (not resolved): {', '.join(result.joints_from_model)}" if result.joints_from_model
             else ""))
    for note in result.notes:
        print(f"note: {note}")
    print(f"wrote {result.out}")
    print(f"open it: spineviz --anatomy {result.out}    render it: spineviz render --anatomy {result.out} "
          "--out spine.png")
    return 0


def _cmd_links(args) -> int:
    from spineviz.content.links_cli import run

    return run(args.file, args.json)


def _cmd_meshes(args) -> int:
    from spineviz.anatomy.levels import LevelError, parse_level
    from spineviz.anatomy.meshbuild import build_mesh_set
    from spineviz.anatomy.meshset import default_mesh_dir

    out = Path(args.out) if args.out else default_mesh_dir()
    try:
        levels = [parse_level(t) for t in args.level] if args.level else None
    except LevelError as err:
        return _fail(str(err))
    lods = tuple(args.lod or ["default"])
    build_mesh_set(out, lods=lods, levels=levels,
                   progress=lambda lod, name, n: print(f"{lod:>8} {name:<4} {n:>7} triangles", flush=True))
    print(f"wrote {out / 'manifest.json'}")
    return 0


def has_display() -> bool:
    """Whether a window can be opened (an X server that answers, or Wayland, on Linux; assumed elsewhere)."""
    from spineviz.app.display import display_problem

    return display_problem() is None


def _cmd_app(args) -> int:
    from spineviz.app.display import display_problem

    if anatomy_problem(args.anatomy):
        return _fail(anatomy_problem(args.anatomy) or "")
    why = display_problem()
    if why:
        if os.environ.get("DISPLAY"):  # a dead X server: render without it (EGL), as with no display at all
            os.environ.pop("DISPLAY")
        out = Path.cwd() / DEFAULT_PNG
        print(f"{why[0].upper()}{why[1:]}, so spineviz rendered its default scene to {out} instead of opening "
              "a window.")
        return _cmd_render(argparse.Namespace(
            scene_file=args.scene, preset=None, out=str(out), view=None if args.scene else "left", region=None,
            size=None, motion=None, motion_region=None, loads=False, labels=not args.scene, transparent=False,
            lod="default", xray=False, fps=15, body_map=False, handout=False, notes=None, anatomy=args.anatomy,
        ))
    from spineviz.app.main import run_app

    return run_app(scene=args.scene, anatomy=args.anatomy)


if __name__ == "__main__":
    raise SystemExit(main())
