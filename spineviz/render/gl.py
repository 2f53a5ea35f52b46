"""A cheap check that software or hardware OpenGL is installed, before VTK tries and crashes.

Without Mesa's DRI drivers VTK does not raise: the process dies with a segmentation fault (PLATFORM
notes). Looking for the libraries first lets spineviz say what is missing and exit cleanly instead.
"""

from __future__ import annotations

import ctypes.util
import glob
import os
import sys

DEBIAN_PACKAGES = "libgl1 libglx-mesa0 libegl1 libegl-mesa0 libgl1-mesa-dri"


class NoOpenGLError(RuntimeError):
    """No usable OpenGL on this machine; the message says which packages to install."""


def _dri_present() -> bool:
    if sys.platform != "linux":
        return True
    dirs = [os.environ.get("LIBGL_DRIVERS_PATH", "")] + glob.glob("/usr/lib/*/dri") + ["/usr/lib/dri"]
    return any(glob.glob(os.path.join(d, "*.so")) for d in dirs if d)


def opengl_problem() -> str | None:
    """None when OpenGL looks usable; otherwise a message naming what is missing and the fix."""
    if os.environ.get("SPINEVIZ_SKIP_GL_CHECK"):
        return None
    if sys.platform != "linux":
        return None
    missing = [name for name in ("GL", "EGL") if ctypes.util.find_library(name) is None]
    if missing or not _dri_present():
        what = ", ".join(f"lib{m}" for m in missing) if missing else "Mesa's DRI drivers"
        return (f"No OpenGL: {what} not found. spineviz draws with OpenGL (software rendering is fine). "
                f"On Debian/Ubuntu install it with: apt-get install {DEBIAN_PACKAGES}")
    return None


def require_opengl() -> None:
    problem = opengl_problem()
    if problem:
        raise NoOpenGLError(problem)
