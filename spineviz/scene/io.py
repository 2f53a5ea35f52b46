"""Scene files: TOML read with validation, written atomically, and a refusal to clobber what could not be read.

:func:`load_scene` reads a scene file into a :class:`~spineviz.scene.state.SceneState`; every problem (not
TOML, binary, empty, an unknown key, a wrong type, an angle out of range, an unknown level, joint or preset,
a missing document) is one :class:`~spineviz.scene.state.SceneError` whose message names the file, the line
(or at least the key path, like ``camera.zoom``) and the fix. :func:`save_scene` writes TOML that
:func:`load_scene` reads back to an equal state, atomically: a temporary file in the same folder, flushed
and fsynced, then :func:`os.replace` over the target, so a crash leaves either the old file or the new one.
It will not replace an existing file that it cannot read as a scene unless asked to.

The format is documented in the README ("Scene files"); the presets in ``scenes/`` are examples.
"""

from __future__ import annotations

import contextlib
import difflib
import math
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

from spineviz.anatomy.levels import LevelError
from spineviz.atomic import atomic_output, atomic_write_bytes
from spineviz.limits import (
    SCENE_MAX_BYTES,
    SCENE_MAX_KEY_DOTS_PER_LINE,
    SCENE_MAX_LIST,
    SCENE_MAX_NESTING,
    SCENE_MAX_STRING,
)
from spineviz.motion import Keyframe, Motion, MotionError, Timeline, parse_motion
from spineviz.scene.checks import canonical_region, motion_error
from spineviz.scene.state import (
    SCENE_VERSION,
    Animation,
    Camera,
    DocumentRef,
    Layers,
    SceneError,
    SceneState,
)

MAX_SCENE_BYTES = SCENE_MAX_BYTES
"""A scene file is a few hundred bytes; anything over this is not one (see :mod:`spineviz.limits`)."""

TOP_KEYS = ("version", "title", "caption", "audience", "region", "isolate", "selection", "highlight", "loads",
            "body_map", "pain_marks", "camera", "motion", "animation", "layers", "document")
CAMERA_KEYS = ("view", "position", "focal_point", "up", "zoom")
MOTION_KEYS = ("flexion", "extension", "lateral_bending", "axial_rotation", "region")
ANIMATION_KEYS = ("preset", "name", "region", "mode", "easing", "duration", "keyframes", "speed", "time")
INLINE_ONLY = ("name", "region", "easing", "duration", "keyframes")
KEYFRAME_KEYS = ("t", "motion")
LAYERS_KEYS = ("regions", "discs", "cartilage", "labels", "bone_transparency")
TOP_KEYS += ("clip",)  # issue 15: a cross-section (spineviz.scene.clip)
TOP_KEYS += ("anatomy",)  # issue 12: a patient's own spine (an imported anatomy folder)
LAYERS_KEYS += ("nerves",)  # issue 15: the nerves layer
LAYERS_KEYS += ("load_range",)  # session 12: a scene's own load colour scale (opt-in)
DOCUMENT_KEYS = ("article", "path", "audience", "section")
_EXAMPLE = "see the presets in scenes/ or the README's 'Scene files' section"


class UnreadableSceneError(SceneError):
    """:func:`save_scene` refused to replace an existing file that it could not read as a scene."""


class DocumentOutsideError(SceneError):
    """A scene names a document outside its own folder; ``document`` is the resolved path it points at.

    A scene file may come from anyone, and a handout embeds its document: so a scene reaches only files
    inside its folder (symlinks are followed only when they stay inside it). The app may still open the
    document when the user explicitly chooses to.
    """

    document: str = ""

    def located(self, path: object, line: int | None = None) -> DocumentOutsideError:
        """The same error naming the file, still carrying :attr:`document`."""
        err = super().located(path, line)
        err.document = self.document  # type: ignore[attr-defined]
        return err  # type: ignore[return-value]


# ---- writing TOML -----------------------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, with every character TOML does not allow raw escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_number(value: float) -> str:
    """A finite float as TOML, exactly: ``repr`` round-trips every double."""
    if not math.isfinite(value):
        raise ValueError(f"{value!r} cannot be written to a scene file")
    text = repr(float(value))
    return text if any(c in text for c in ".en") else text + ".0"


def _motion_words(m: Motion) -> str:
    """Motion text for a keyframe, short and exact (parse_motion reads it back to the same floats)."""
    def num(v: float) -> str:
        text = repr(abs(v))
        return text[:-2] if text.endswith(".0") else text

    parts = []
    if m.flexion:
        parts.append(f"{'flexion' if m.flexion > 0 else 'extension'}={num(m.flexion)}")
    if m.lateral_bending:
        parts.append(f"bend={num(m.lateral_bending)} {'left' if m.lateral_bending > 0 else 'right'}")
    if m.axial_rotation:
        parts.append(f"rotation={num(m.axial_rotation)} {'left' if m.axial_rotation > 0 else 'right'}")
    return ", ".join(parts) or "neutral"


def _list(items) -> str:
    return "[" + ", ".join(items) + "]"


def _document_path(path: str, base_dir: Path | None) -> str:
    if base_dir is None or not os.path.isabs(path):
        return path
    try:
        rel = os.path.relpath(path, base_dir)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else Path(rel).as_posix()


def _anatomy_path(path: str, base_dir: Path | None) -> str:
    """An anatomy folder relative to the scene's folder, even outside it (it usually sits beside the scene)."""
    if base_dir is None or not os.path.isabs(path):
        return Path(path).as_posix()
    try:
        return Path(os.path.relpath(path, base_dir)).as_posix()
    except ValueError:  # another drive (Windows)
        return path


def _anatomy_from(value: object, base_dir: Path | None, check_files: bool) -> str:
    """The anatomy folder a scene names, resolved against the scene's folder; checked to hold a manifest."""
    if not isinstance(value, str) or not value.strip():
        raise SceneError(f"{value!r} is not a folder path", key="anatomy",
                         fix='write anatomy = "my-spine" (a folder made by spineviz anatomy import) or remove '
                             "the line to show the model")
    path = value if base_dir is None or os.path.isabs(value) else os.path.normpath(base_dir / value)
    if check_files and not (Path(path) / "manifest.json").is_file():
        raise SceneError(f"the anatomy folder {path} has no manifest.json", key="anatomy",
                         fix="correct the path (relative to the scene file's folder), import the spine again with "
                             "`spineviz anatomy import`, or remove the anatomy line to show the model")
    return path


def scene_to_toml(state: SceneState, base_dir: str | os.PathLike[str] | None = None) -> str:
    """The scene file text for ``state``; a document path inside ``base_dir`` is written relative to it."""
    base = Path(os.path.abspath(base_dir)) if base_dir is not None else None
    lines = [f"# spineviz scene, format version {SCENE_VERSION}", f"version = {state.version}",
             f"title = {toml_string(state.title)}", f"caption = {toml_string(state.caption)}",
             f"audience = {toml_string(state.audience)}", f"region = {toml_string(state.region)}"]
    if state.isolate is not None:
        lines.append(f"isolate = {toml_string(state.isolate)}")
    if state.selection is not None:
        lines.append(f"selection = {toml_string(state.selection)}")
    lines.append(f"highlight = {_list(toml_string(j) for j in state.highlight)}")
    lines.append(f"loads = {'true' if state.loads else 'false'}")
    lines.append(f"body_map = {_list(toml_string(j) for j in state.body_map)}")
    if state.pain_marks:
        lines.append(f"pain_marks = {_list(toml_string(m) for m in state.pain_marks)}")
    if state.anatomy is not None:
        lines.append(f"anatomy = {toml_string(_anatomy_path(state.anatomy, base))}")

    cam = state.camera
    lines += ["", "[camera]"]
    if cam.explicit:
        for name in ("position", "focal_point", "up"):
            lines.append(f"{name} = {_list(toml_number(v) for v in getattr(cam, name))}")
    else:
        lines.append(f"view = {toml_string(cam.view or 'left')}")
    lines.append(f"zoom = {toml_number(cam.zoom)}")

    if state.motion is not None:
        m = state.motion
        lines += ["", "[motion]"]
        if m.flexion < 0:
            lines.append(f"extension = {toml_number(-m.flexion)}")
        else:
            lines.append(f"flexion = {toml_number(m.flexion)}")
        lines += [f"lateral_bending = {toml_number(m.lateral_bending)}  # + left, - right",
                  f"axial_rotation = {toml_number(m.axial_rotation)}  # + left, - right",
                  f"region = {toml_string(m.region)}"]

    anim = state.animation
    if anim is not None:
        lines += ["", "[animation]"]
        if anim.preset is not None:
            lines.append(f"preset = {toml_string(anim.preset)}")
            if anim.mode is not None:
                lines.append(f"mode = {toml_string(anim.mode)}")
        else:
            tl = anim.timeline
            assert tl is not None
            lines += [f"name = {toml_string(tl.name)}", f"region = {toml_string(tl.region)}",
                      f"mode = {toml_string(tl.mode)}", f"easing = {toml_string(tl.easing)}",
                      f"duration = {toml_number(tl.duration)}", "keyframes = ["]  # type: ignore[arg-type]
            lines += [f"    {{ t = {toml_number(k.t)}, motion = {toml_string(_motion_words(k.motion))} }},"
                      for k in tl.keyframes]
            lines.append("]")
        lines.append(f"speed = {toml_number(anim.speed)}")
        if anim.time is not None:
            lines.append(f"time = {toml_number(anim.time)}")

    lay = state.layers
    lines += ["", "[layers]", f"regions = {_list(toml_string(r) for r in lay.regions)}",
              f"discs = {'true' if lay.discs else 'false'}",
              f"cartilage = {'true' if lay.cartilage else 'false'}",
              f"labels = {'true' if lay.labels else 'false'}",
              f"bone_transparency = {toml_number(lay.bone_transparency)}  # 0 solid ... 1 invisible (x-ray)"]
    if lay.nerves:
        lines.append("nerves = true")
    if lay.load_range is not None:
        lines.append(f"load_range = {_list(toml_number(v) for v in lay.load_range)}  # newtons: the colour scale")
    if state.clip is not None:
        from spineviz.scene.clip import clip_to_toml_lines

        lines += clip_to_toml_lines(state.clip)

    doc = state.document
    if doc is not None:
        lines += ["", "[document]"]
        if doc.article is not None:
            lines.append(f"article = {toml_string(doc.article)}")
            if doc.audience is not None:
                lines.append(f"audience = {toml_string(doc.audience)}")
        else:
            lines.append(f"path = {toml_string(_document_path(doc.path or '', base))}")
        if doc.section is not None:
            lines.append(f"section = {toml_string(doc.section)}")
    return "\n".join(lines) + "\n"


# ---- reading ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _under(prefix: str) -> Iterator[None]:
    """Put errors raised inside under the key path ``prefix``."""
    try:
        yield
    except SceneError as exc:
        raise exc.at(prefix) from None
    except (MotionError, LevelError) as exc:
        raise motion_error(exc, prefix) from None


def _table(data: Mapping, key: str) -> dict:
    value = data[key.rsplit(".", 1)[-1]]
    if not isinstance(value, dict):
        raise SceneError(f"must be a table, not {type(value).__name__} {value!r:.40}", key=key,
                         fix=f"write it as a [{key}] section with key = value lines; {_EXAMPLE}")
    return value


def _only(table: Mapping, allowed: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise SceneError(f"unknown key {key!r}", key=f"{where}.{key}" if where else str(key),
                             fix=f"{hint}the keys here are: {', '.join(allowed)}")


def _real(key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SceneError(f"must be a number of degrees, not {type(value).__name__} {value!r:.40}", key=key,
                         fix="write a number such as 15 or -12.5")
    if not math.isfinite(float(value)):
        raise SceneError(f"{value!r} is not a finite number of degrees", key=key, fix="write a number such as 15")
    return float(value)


def _motion_from(value: object) -> Motion:
    if isinstance(value, str):
        try:
            return parse_motion(value)
        except MotionError as exc:
            raise motion_error(exc, "motion") from None
    if not isinstance(value, dict):
        raise SceneError(f"must be a [motion] table or motion text, not {type(value).__name__}", key="motion",
                         fix='write [motion] with flexion/extension, lateral_bending, axial_rotation, region, '
                             'or motion = "extension=15, region=lumbar"')
    _only(value, MOTION_KEYS, "motion")
    if "flexion" in value and "extension" in value:
        raise SceneError("gives both flexion and extension", key="motion.extension",
                         fix="keep one: extension = 15 is the same as flexion = -15")
    angles = {"flexion": _real("motion.flexion", value["flexion"]) if "flexion" in value else 0.0}
    if "extension" in value:
        angles["flexion"] = -_real("motion.extension", value["extension"]) + 0.0
    for key in ("lateral_bending", "axial_rotation"):
        if key in value:
            angles[key] = _real(f"motion.{key}", value[key])
    region = canonical_region(value.get("region", "all"), "motion.region")
    return Motion(**angles, region=region)


def _animation_from(table: dict) -> Animation:
    _only(table, ANIMATION_KEYS, "animation")
    common = {k: table[k] for k in ("speed", "mode", "time") if k in table}
    if "preset" in table:
        for key in INLINE_ONLY:
            if key in table:
                raise SceneError(f"{key!r} belongs to inline keyframes, not to a preset", key=f"animation.{key}",
                                 fix=f"remove {key}, or remove preset and give keyframes")
        with _under("animation"):
            return Animation(preset=table["preset"], **common)
    if "keyframes" not in table:
        raise SceneError("has neither a preset nor keyframes", key="animation",
                         fix='write preset = "flexion_extension" or keyframes = [{ t = 0, motion = "neutral" }, ...]')
    region = canonical_region(table.get("region", "all"), "animation.region")
    raw = table["keyframes"]
    if not isinstance(raw, list) or not raw:
        raise SceneError("must be a non-empty list of { t = seconds, motion = \"...\" }", key="animation.keyframes",
                         fix='write keyframes = [{ t = 0, motion = "neutral" }, { t = 2, motion = "extension=15" }]')
    keys = []
    for i, entry in enumerate(raw, start=1):
        where = f"animation.keyframes[{i}]"
        if not isinstance(entry, dict):
            raise SceneError(f"keyframe {i} must be {{ t = seconds, motion = \"...\" }}", key=where,
                             fix='write { t = 2.0, motion = "extension=15" }')
        _only(entry, KEYFRAME_KEYS, where)
        for need in KEYFRAME_KEYS:
            if need not in entry:
                raise SceneError(f"keyframe {i} has no {need}", key=where,
                                 fix='write { t = 2.0, motion = "extension=15" }')
        if not isinstance(entry["motion"], str):
            raise SceneError(f"must be motion text, not {type(entry['motion']).__name__}", key=f"{where}.motion",
                             fix='write motion = "extension=15, rotation=8 left"')
        with _under(f"{where}.motion"):
            motion = parse_motion(entry["motion"], region=region)
        with _under(f"{where}.t"):
            keys.append(Keyframe(entry["t"], motion))
    settings = {}
    for key in ("name", "easing", "mode", "duration"):
        if key in table:
            settings[key] = table[key]
    for key in ("name", "easing", "mode"):
        if key in settings and not isinstance(settings[key], str):
            raise SceneError(f"must be text, not {type(settings[key]).__name__}", key=f"animation.{key}",
                             fix=f'write {key} = "..."')
    with _under("animation.keyframes"):
        timeline = Timeline(tuple(keys), **settings)
    common.pop("mode", None)
    with _under("animation"):
        return Animation(timeline=timeline, **common)


def _document_from(table: dict, base_dir: Path | None, check_files: bool, confine: bool) -> DocumentRef:
    _only(table, DOCUMENT_KEYS, "document")
    kwargs = dict(table)
    path = kwargs.get("path")
    if isinstance(path, str) and path.strip() and base_dir is not None and not os.path.isabs(path):
        kwargs["path"] = os.path.normpath(os.path.join(base_dir, path))
    with _under("document"):
        ref = DocumentRef(**kwargs)
    if ref.path is not None and confine and base_dir is not None:
        confine_document(ref.path, base_dir, shown=str(path))
    if ref.path is not None and check_files:
        check_document(ref)
    return ref


def confine_document(path: str, base_dir: Path, *, shown: str | None = None) -> None:
    """Raise :class:`DocumentOutsideError` unless ``path`` (symlinks resolved) lies inside ``base_dir``."""
    from spineviz.regular_files import is_within

    if is_within(path, base_dir):
        return
    real = os.path.realpath(path)
    via = "" if os.path.normpath(real) == os.path.normpath(path) else f" (it leads to {real})"
    err = DocumentOutsideError(
        f"the document {shown or path!r} is outside the scene's folder{via}, so it was not read",
        key="document.path",
        fix="copy the document into the scene's folder (or a folder inside it) and name it relative to the "
            "scene; in the app you can still open it yourself with File > Open document")
    err.document = real
    raise err


def check_document(ref: DocumentRef) -> None:
    """Raise :class:`SceneError` unless a user document opens and has the section named (if any)."""
    from spineviz.content.documents import DocumentError, load_document

    try:
        doc = load_document(ref.path or "")
    except DocumentError as exc:
        raise SceneError(f"the document cannot be opened: {exc}", key="document.path",
                         fix="put the document back, correct the path (relative to the scene file's folder), "
                             "or remove the [document] section") from None
    anchors = [h.anchor for h in doc.contents]
    if ref.section is not None and ref.section not in anchors:
        raise SceneError(f"the document has no section {ref.section!r}", key="document.section",
                         fix=f"use one of: {', '.join(anchors) or '(it has no headings; remove section)'}")


def _check_sizes(value: object, key: str = "") -> None:
    """Refuse any list longer than SCENE_MAX_LIST and any text longer than SCENE_MAX_STRING."""
    if isinstance(value, str) and len(value) > SCENE_MAX_STRING:
        raise SceneError(f"is {len(value)} characters long; the limit is {SCENE_MAX_STRING}", key=key or None,
                         fix="shorten it")
    if isinstance(value, list):
        if len(value) > SCENE_MAX_LIST:
            raise SceneError(f"has {len(value)} entries; the limit is {SCENE_MAX_LIST}", key=key or None,
                             fix="list each item once; a scene needs far fewer")
        for i, item in enumerate(value, start=1):
            _check_sizes(item, f"{key}[{i}]")
    elif isinstance(value, dict):
        for k, item in value.items():
            _check_sizes(item, f"{key}.{k}" if key else str(k))


def _state_from(data: dict, base_dir: Path | None, check_files: bool, confine: bool = True) -> SceneState:
    if not data:
        raise SceneError("the file has no settings", fix=f"a scene needs at least version = {SCENE_VERSION} and a "
                         f"title; {_EXAMPLE}")
    _only(data, TOP_KEYS, "")
    _check_sizes(data)  # the nesting depth is bounded by _check_shape, so this recursion is too
    if "version" not in data:
        raise SceneError("the file does not say which scene format it uses", key="version",
                         fix=f"add version = {SCENE_VERSION} as the first line")
    kwargs: dict[str, object] = {k: data[k] for k in ("version", "title", "caption", "audience", "region",
                                                      "isolate", "selection", "highlight", "loads", "body_map",
                                                      "pain_marks")
                                 if k in data}
    if "camera" in data:
        cam = _table(data, "camera")
        _only(cam, CAMERA_KEYS, "camera")
        explicit = any(k in cam for k in ("position", "focal_point", "up"))
        with _under("camera"):
            kwargs["camera"] = Camera(view=cam.get("view", None if explicit else "left"),
                                      **{k: cam[k] for k in CAMERA_KEYS[1:] if k in cam})
    if "motion" in data:
        kwargs["motion"] = _motion_from(data["motion"])
    if "animation" in data:
        kwargs["animation"] = _animation_from(_table(data, "animation"))
    if "layers" in data:
        lay = _table(data, "layers")
        _only(lay, LAYERS_KEYS, "layers")
        with _under("layers"):
            kwargs["layers"] = Layers(**lay)
    if "clip" in data:
        from spineviz.scene.clip import CLIP_KEYS, ClipPlane

        clip = _table(data, "clip")
        _only(clip, CLIP_KEYS, "clip")
        with _under("clip"):
            kwargs["clip"] = ClipPlane(**clip)
    if "document" in data:
        kwargs["document"] = _document_from(_table(data, "document"), base_dir, check_files, confine)
    if "anatomy" in data:
        kwargs["anatomy"] = _anatomy_from(data["anatomy"], base_dir, check_files)
    return SceneState(**kwargs)  # type: ignore[arg-type]


_KEY_LINE = re.compile(r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"))*)\s*=""")
_HEADER_LINE = re.compile(r"""^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$""")


def _dotted(text: str) -> str:
    return ".".join(p.strip().strip('"') for p in text.split("."))


def line_of(text: str, key: str, *, exact: bool = False) -> int | None:
    """The 1-based line in scene ``text`` where the key path ``key`` is set, or the nearest enclosing one.

    With ``exact``, only the key's own line counts (``None`` if it is not written in the text).
    """
    parts = [p for p in re.sub(r"\[(\d+)\]", "", key).split(".") if p]
    index = re.search(r"\[(\d+)\]", key)
    lines = text.splitlines()
    entries: list[tuple[int, str, str]] = []  # (line, table, key or "" for a header)
    table = ""
    for number, line in enumerate(lines, start=1):
        header = _HEADER_LINE.match(line)
        if header:
            table = _dotted(header.group(1))
            entries.append((number, table, ""))
            continue
        m = _KEY_LINE.match(line)
        if m:
            entries.append((number, table, _dotted(m.group(1))))
    for n in range(len(parts), len(parts) - 1 if exact else 0, -1):
        full = ".".join(parts[:n])
        for number, tbl, k in entries:
            if (k and (f"{tbl}.{k}" if tbl else k) == full) or (not k and tbl == full):
                if index and k:
                    return _nth_entry(lines, number, int(index.group(1)))
                return number
    return None


def _nth_entry(lines: list[str], start: int, n: int) -> int:
    """The line of the n-th ``{`` from line ``start`` on (entries of an array of inline tables)."""
    seen = 0
    for number in range(start, len(lines) + 1):
        seen += lines[number - 1].split("#", 1)[0].count("{")
        if seen >= n:
            return number
    return start


_ALIASES = {"motion.flexion": "motion.extension"}  # the error names flexion; the file may say extension
_DECODE_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _check_shape(text: str) -> None:
    """Refuse, before TOML parsing, text whose shape would make the parser recurse too deep or go quadratic.

    One pass over the characters, skipping strings and comments: arrays and inline tables nested deeper
    than :data:`SCENE_MAX_NESTING`, or a line with more than :data:`SCENE_MAX_KEY_DOTS_PER_LINE` dots
    (a dotted key or table header of thousands of parts), is a :class:`SceneError` with its line.
    """
    depth, line, dots, i, n = 0, 1, 0, 0, len(text)
    fix_nesting = "a scene needs at most lists of inline tables (keyframes = [{ ... }]); " + _EXAMPLE
    while i < n:
        ch = text[i]
        if ch == "\n":
            line, dots = line + 1, 0
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if ch == '"' and text[j] == "\\":
                    j += 1
                elif len(quote) == 1 and text[j] == "\n":
                    break
                j += 1
            line += text.count("\n", i, j)
            i = j if j < n and text[j] == "\n" else j + len(quote)  # an unclosed one-line string ends there
            continue
        elif ch in "[{":
            depth += 1
            if depth > SCENE_MAX_NESTING:
                raise SceneError(f"lists or tables are nested more than {SCENE_MAX_NESTING} deep", line=line,
                                 fix=fix_nesting)
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == ".":
            dots += 1
            if dots > SCENE_MAX_KEY_DOTS_PER_LINE:
                raise SceneError(f"this line has more than {SCENE_MAX_KEY_DOTS_PER_LINE} dotted parts",
                                 line=line, fix="a scene's keys have at most a few parts, like camera.zoom; "
                                                + _EXAMPLE)
        i += 1


def scene_from_toml(text: str, *, origin: object = None, base_dir: str | os.PathLike[str] | None = None,
                    check_files: bool = True, confine: bool = True) -> SceneState:
    """Read scene TOML text; every problem is a :class:`SceneError` naming ``origin``, the line and the fix.

    Parameters
    ----------
    text
        The scene file's text.
    origin
        What to call it in messages (the file path); default "scene".
    base_dir
        The folder a relative document path is relative to (the scene file's folder).
    check_files
        Also open a referenced document file and check its section.
    confine
        Refuse a document path outside ``base_dir`` (:class:`DocumentOutsideError`).
    """
    where = origin if origin is not None else "scene"
    if len(text) > SCENE_MAX_BYTES:
        raise SceneError(f"is longer than {SCENE_MAX_BYTES // 1024} KB, far too big for a scene", path=where,
                         fix=f"open a scene .toml file; {_EXAMPLE}")
    try:
        _check_shape(text)
    except SceneError as exc:
        raise exc.located(where, exc.line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        pos = _DECODE_POSITION.search(message)
        reason = _DECODE_POSITION.sub("", message).strip()
        raise SceneError(f"this is not valid TOML ({reason})", path=where,
                         line=int(pos.group(1)) if pos else None,
                         fix="a scene file is TOML: key = value lines under [section] headers, text in quotes; "
                             f"check that line; {_EXAMPLE}") from None
    base = Path(os.path.abspath(base_dir)) if base_dir is not None else None
    try:
        return _state_from(data, base, check_files, confine)
    except SceneError as exc:
        line = None
        if exc.key:
            alias = _ALIASES.get(exc.key)
            line = (line_of(text, alias, exact=True) if alias else None) or line_of(text, exc.key)
        raise exc.located(where, line) from None


def _read_text(path: Path) -> str:
    from spineviz.regular_files import NotRegularFileError, TooLargeError, read_regular

    shown = str(path)
    try:
        data = read_regular(path, MAX_SCENE_BYTES)
    except FileNotFoundError:
        raise SceneError("there is no such file", path=shown, fix="check the name and folder") from None
    except NotRegularFileError as exc:
        if exc.kind == "a folder":
            raise SceneError("this is a folder, not a scene file", path=shown,
                             fix="choose a .toml file inside it") from None
        raise SceneError(f"this is {exc.kind}, not a scene file", path=shown,
                         fix="choose a regular .toml file; spineviz does not read pipes or devices") from None
    except TooLargeError:
        raise SceneError(f"is larger than {MAX_SCENE_BYTES // 1024} KB, far too big for a scene file", path=shown,
                         fix=f"open a scene .toml file; {_EXAMPLE}") from None
    except OSError as exc:
        raise SceneError(f"cannot be read ({exc.strerror or type(exc).__name__})", path=shown,
                         fix="check that you may read it, or copy it somewhere you can") from None
    if not data.strip():
        raise SceneError("the file is empty", path=shown,
                         fix=f"a scene needs at least version = {SCENE_VERSION} and a title; {_EXAMPLE}")
    if b"\x00" in data:
        raise SceneError("this is a binary file, not a scene (it contains NUL bytes)", path=shown,
                         fix=f"open a scene .toml file (text); {_EXAMPLE}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SceneError("this is not UTF-8 text, so it is not a scene file", path=shown, line=line,
                         fix="save the scene as UTF-8 text, or open a scene .toml file") from None


def load_scene(path: str | os.PathLike[str], *, check_files: bool = True, confine: bool = True) -> SceneState:
    """Read a scene file.

    Parameters
    ----------
    path
        The ``.toml`` file.
    check_files
        Open the user document it names, if any, and check its section (default).
    confine
        Refuse a document outside the scene's folder (default); only an explicit user choice turns it off.

    Returns
    -------
    SceneState
        Exactly what was saved.

    Raises
    ------
    SceneError
        For any problem; the message names the file, the line or key, and the fix.
    """
    p = Path(path)
    return scene_from_toml(_read_text(p), origin=p, base_dir=p.parent, check_files=check_files, confine=confine)


def save_scene(state: SceneState, path: str | os.PathLike[str], *, overwrite_unreadable: bool = False) -> Path:
    """Write ``state`` to ``path`` as a scene file, atomically.

    Parameters
    ----------
    state
        What to save.
    path
        A ``.toml`` file; its folder must exist.
    overwrite_unreadable
        Replace an existing file even when it cannot be read as a scene (ask the user first).

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    UnreadableSceneError
        If ``path`` exists and cannot be read as a scene, and ``overwrite_unreadable`` is false; the file is
        left as it was.
    SceneError
        For a path that does not end in ``.toml``, or a folder that cannot be written.
    """
    target = Path(path)
    if target.suffix.lower() != ".toml":
        raise SceneError("a scene file's name must end in .toml", path=target,
                         fix=f"save it as {target.with_suffix('.toml').name}")
    if not isinstance(state, SceneState):
        raise TypeError(f"save_scene needs a SceneState, not {type(state).__name__}")
    if target.exists() and not overwrite_unreadable:
        try:
            load_scene(target, check_files=False, confine=False)
        except SceneError as exc:
            raise UnreadableSceneError(
                f"it exists and could not be read as a scene, so it was not replaced ({exc.problem})",
                path=target, fix="save under another name, or confirm and save again with "
                                 "overwrite_unreadable=True to replace it") from None
    doc = state.document
    if doc is not None and doc.path is not None and not os.path.isabs(doc.path):
        import dataclasses

        state = dataclasses.replace(state, document=dataclasses.replace(doc, path=os.path.abspath(doc.path)))
    if state.anatomy is not None:
        import dataclasses

        state = dataclasses.replace(state, anatomy=os.path.normpath(os.path.abspath(state.anatomy)))
    text = scene_to_toml(state, base_dir=target.parent)
    back = scene_from_toml(text, origin=target, base_dir=target.parent, check_files=False, confine=False)
    if back != state:  # pragma: no cover - a writer bug; never write a file that reads back differently
        raise SceneError("the scene would not read back as saved (a bug in spineviz)", path=target,
                         fix="report it, with the scene")
    try:
        atomic_write_bytes(target, text.encode("utf-8"))
    except OSError as exc:
        raise SceneError(f"cannot be written ({exc.strerror or exc})", path=target,
                         fix="choose a folder you can write to, and check the disk is not full") from None
    return target


__all__ = [
    "DocumentOutsideError",
    "UnreadableSceneError",
    "atomic_output",
    "atomic_write_bytes",
    "check_document",
    "confine_document",
    "line_of",
    "load_scene",
    "save_scene",
    "scene_from_toml",
    "scene_to_toml",
]
