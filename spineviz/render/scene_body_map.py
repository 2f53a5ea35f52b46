"""A scene's referred-pain body map: which joints it shows, as SVG text or a PNG file."""

from __future__ import annotations

from pathlib import Path

from spineviz.atomic import atomic_write_bytes
from spineviz.render.export_files import ExportError, check_target, write_error
from spineviz.scene.state import SceneState


def _article_audience(state: SceneState) -> str:
    return "patient" if state.audience == "patient" else "clinician"


def body_map_joints(state: SceneState) -> tuple[str, ...]:
    """The joints the body map shows: the scene's body-map selection, else its selected facet joint."""
    if state.body_map:
        return state.body_map
    if state.selected_joint is not None:
        return (state.selected_joint.name,)
    return ()


def body_map_svg_for(state: SceneState) -> str:
    """The body map SVG for the scene's joints, in the scene's wording (educators get the clinician's)."""
    from spineviz.content.bodymap import body_map_svg

    return body_map_svg(body_map_joints(state), _article_audience(state))


def export_body_map(state: SceneState, path: str | Path, *, width: int = 1200) -> Path:
    """The referred-pain body map of the scene's joints as ``.svg`` or ``.png`` (``width`` pixels)."""
    target = check_target(path, (".svg", ".png"))
    svg = body_map_svg_for(state)
    try:
        if target.suffix.lower() == ".svg":
            atomic_write_bytes(target, svg.encode("utf-8"))
        else:
            from spineviz.render.bodymap_png import svg_to_png

            svg_to_png(svg, target, width=width)
    except ValueError as exc:
        raise ExportError(target, str(exc), "give a width from 1 to 16384 pixels") from None
    except OSError as exc:
        raise write_error(target, exc) from None
    return target


__all__ = ["body_map_joints", "body_map_svg_for", "export_body_map"]
