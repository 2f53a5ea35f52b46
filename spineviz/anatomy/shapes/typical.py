"""The typical vertebrae, C3 to L5, by region: each region's builder lives in its own module.

Each region differs in more than size: cervical bodies carry uncinate lips and their transverse processes a
foramen (:mod:`.cervical`); thoracic bodies are heart-shaped with costal facets and a long down-sloping
spine (:mod:`.thoracic`); lumbar bodies are kidney-shaped with thick pedicles, a hatchet spine and
mammillary processes (:mod:`.lumbar`).
"""

from __future__ import annotations

from spineviz.anatomy.shapes.cervical import cervical
from spineviz.anatomy.shapes.lumbar import lumbar
from spineviz.anatomy.shapes.thoracic import thoracic

__all__ = ["cervical", "lumbar", "thoracic"]
