"""The render floor: one renderer for the app, the command line and every export (PyVista/VTK).

The public names below are what other packages use; everything else in ``spineviz.render`` is internal.
They are loaded on first use (PEP 562), so importing the theme (``spineviz.render.look``) or this package
does not pay for VTK.
"""

from spineviz.lazy_exports import lazy_exports

_PUBLIC = {
    "SceneRenderer": "spineviz.render.scene_render",
    "open_renderer": "spineviz.render.scene_render",
    "render_scene": "spineviz.render.scene_render",
    "render_scene_png": "spineviz.render.scene_render",
    "export_scene": "spineviz.render.export",
    "export_body_map": "spineviz.render.export",
    "write_handout": "spineviz.render.export",
    "ExportError": "spineviz.render.export",
    "ExportCancelled": "spineviz.render.export",
    "LOAD_SCALE_N": "spineviz.render.look",
}

__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
