"""Every limit spineviz enforces on what it reads, in one place (documented in ``docs/security.md``).

A hostile or broken file must be refused (or simplified) quickly and with a message, never crash the
process, hang it or exhaust its memory. Each limit is checked *before* the expensive step it protects:
sizes before reading, the shape of a scene's text before TOML parsing, Markdown nesting before the
Markdown parser, element depth before Qt lays a page out, frame counts before an export allocates frames.
The values are far above anything a real scene or document needs and far below what hurts.
"""

from __future__ import annotations

# ---- scene files ------------------------------------------------------------------------------------
SCENE_MAX_BYTES = 256 * 1024
"""A scene file is a few hundred bytes to a few KB; 256 KB is refused unread."""

SCENE_MAX_NESTING = 8
"""Arrays and inline tables nested deeper than this (the format needs 2: ``keyframes = [{ ... }]``)."""

SCENE_MAX_KEY_DOTS_PER_LINE = 256
"""Dots outside strings on one line. Python's TOML reader is quadratic in the parts of one dotted key
(a 200 KB table header ``[a.a.a....]`` takes about 30 s), so lines with more are refused first."""

SCENE_MAX_LIST = 200
"""Items in any list of a scene (highlight, body_map, keyframes, regions); 48 joints × 2 sides fit."""

SCENE_MAX_STRING = 4096
"""Characters in any text value (a document path is the longest; title 120 and caption 1000 are tighter)."""

ANIMATION_MAX_SECONDS = 600.0
"""An animation's duration, in seconds (ten minutes)."""

EXPORT_MAX_FRAMES = 3600
"""Frames one GIF/MP4 export may make (duration × frame rate ÷ speed): four minutes at 15 frames/s."""

EXPORT_MAX_FPS = 60
"""Frames per second of an export."""

# ---- documents ----------------------------------------------------------------------------------------
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
"""The largest document opened (5 MB)."""

DOCUMENT_MAX_DEPTH = 64
"""Elements nested deeper than this (HTML, or Markdown lists and quotes) make the document plain text."""

DOCUMENT_MAX_ELEMENTS = 20_000
"""More elements than this make the document plain text (Qt lays out each one)."""

DOCUMENT_MAX_IMAGES = 32
"""Inline ``data:image`` pictures kept in one document; the rest become their alt text."""

IMAGE_MAX_BYTES = 2 * 1024 * 1024
"""Decoded bytes of one inline picture."""

IMAGE_MAX_PIXELS = 4096 * 4096
"""Pixels of one inline picture (width × height), checked from its header before it is decoded."""

PANEL_MAX_CHARS = 400_000
"""Characters the reading panel lays out; a longer text is shown up to here, with a note."""

PANEL_MAX_PARAGRAPH = 4000
"""Characters in one paragraph of plain text before it is broken into shorter ones (Qt lays out one
5 MB line in minutes)."""

# ---- start-up -----------------------------------------------------------------------------------------
GL_PROBE_SECONDS = 20.0
"""How long the OpenGL probe (a child process) may take before spineviz says OpenGL does not work."""

DIALOG_TIMEOUT_SECONDS = 60.0
"""A start-up error box closes itself after this long, so a session with nobody at it still ends."""
