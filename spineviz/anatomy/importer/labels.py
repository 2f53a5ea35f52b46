"""Label conventions: which label number (or mask file name) is which vertebra.

The tables are data (``spineviz/anatomy/data/labelmaps/*.toml``, each with its source); a user's own
convention is a TOML file of the same form (``[labels]`` number = "L4", and/or ``[files]`` stem = "L4").
Transitional vertebrae (VerSe's L6 and T13) have no level in the model, so they stop the import with an
explanation rather than silently shifting every name.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spineviz.anatomy.importer.errors import ImportInputError
from spineviz.anatomy.levels import LEVEL_NAMES

BUILT_IN = ("totalsegmentator", "verse")
_FILES = {"totalsegmentator": "totalsegmentator.toml", "verse": "verse.toml", "bodyparts3d": "bodyparts3d_fma.toml"}
_TRANSITIONAL = {"L6": "a sixth lumbar vertebra", "T13": "a thirteenth thoracic vertebra"}


@dataclass(frozen=True)
class LabelConvention:
    """A named mapping from label numbers and file stems to level names ("C1" … "L5", "S1")."""

    name: str
    title: str
    labels: dict[int, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def level_of_file(self, stem: str) -> str | None:
        """The level a mask or mesh file is named after (case-insensitive), or None."""
        lowered = {k.lower(): v for k, v in self.files.items()}
        return lowered.get(stem.lower())


def _parse(data: dict, origin: Path | str) -> LabelConvention:
    labels: dict[int, str] = {}
    for key, value in dict(data.get("labels", {})).items():
        try:
            number = int(key)
        except ValueError:
            raise ImportInputError(origin, f"label {key!r} is not a whole number; write e.g. 20 = \"L1\"") from None
        labels[number] = _level_name(str(value), origin)
    files = {str(k): _level_name(str(v), origin) for k, v in dict(data.get("files", {})).items()}
    if not labels and not files:
        raise ImportInputError(origin, 'no [labels] table; write e.g.\n[labels]\n20 = "L1"\n21 = "L2"')
    name = str(data.get("name", Path(str(origin)).stem))
    return LabelConvention(name, str(data.get("title", name)), labels, files)


def _level_name(text: str, origin: Path | str) -> str:
    name = text.strip().upper()
    if name in ("SACRUM", "S"):
        name = "S1"
    if name in _TRANSITIONAL or name in LEVEL_NAMES:
        return name
    raise ImportInputError(origin, f"{text!r} is not a level; use C1-C7, T1-T12, L1-L5 or S1 (the sacrum)")


def built_in(name: str) -> LabelConvention:
    """One of the shipped conventions: "totalsegmentator", "verse" or "bodyparts3d"."""
    text = resources.files("spineviz.anatomy").joinpath("data", "labelmaps", _FILES[name]).read_text("utf-8")
    return _parse(tomllib.loads(text), f"spineviz/anatomy/data/labelmaps/{_FILES[name]}")


def convention(choice: str | None) -> LabelConvention | None:
    """Resolve ``--labels``: a built-in name, a TOML file, or None (detect from the data)."""
    if choice is None:
        return None
    if choice.lower() in BUILT_IN:
        return built_in(choice.lower())
    path = Path(choice)
    if not path.is_file():
        raise ImportInputError(path, "no such label map file; give totalsegmentator, verse or a .toml file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ImportInputError(path, f"not a valid TOML label map ({err})") from None
    return _parse(data, path)


def reject_transitional(level: str, origin: object, label: object) -> None:
    """Stop on a transitional vertebra, saying how to map it."""
    if level in _TRANSITIONAL:
        raise ImportInputError(
            origin, f"label {label} is {level}, {_TRANSITIONAL[level]}; the model has no such level. Write a "
            "TOML label map that names each label as the level it should play (for example the lowest mobile "
            "vertebra as L5) and pass it with --labels MAP.toml")


def _run_is_plausible(levels: list[str]) -> bool:
    """Whether level names form one unbroken run of at least two neighbours."""
    order = sorted(LEVEL_NAMES.index(n) for n in set(levels))
    return len(order) >= 2 and order == list(range(order[0], order[0] + len(order)))


def detect(label_values: set[int], origin: object) -> LabelConvention:
    """Pick the built-in convention that explains the labels in a volume, or say that none does.

    VerSe files hold only vertebra labels (1-28); TotalSegmentator's hold its spine labels (25-50), usually
    among many organ labels. When both or neither read as one unbroken run of vertebrae, the user must say.
    """
    fits = []
    for name in BUILT_IN:
        conv = built_in(name)
        if name == "verse" and not label_values <= set(conv.labels):
            continue
        levels = [conv.labels[v] for v in label_values if v in conv.labels]
        if _run_is_plausible([lv for lv in levels if lv in LEVEL_NAMES]):
            fits.append(conv)
    if len(fits) == 1:
        return fits[0]
    shown = ", ".join(str(v) for v in sorted(label_values)[:12]) + (" …" if len(label_values) > 12 else "")
    if not fits:
        raise ImportInputError(
            origin, f"unknown label set (labels {shown}): not TotalSegmentator v2 or VerSe numbering. Pass "
            "--labels MAP.toml with a [labels] table naming each vertebra label, e.g. 20 = \"L1\"")
    raise ImportInputError(
        origin, f"labels {shown} fit both TotalSegmentator and VerSe numbering; say which with "
        "--labels totalsegmentator or --labels verse")
