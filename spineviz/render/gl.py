"""Check that OpenGL works before VTK uses it, in a way that cannot take spineviz down.

Without Mesa's drivers, or with a broken one (``GALLIUM_DRIVER=bogus``), VTK does not raise: the process
dies with a segmentation fault. So spineviz first looks for the libraries, then draws one tiny frame in a
*child process* with a time limit (:func:`probe_opengl`); a crash, a hang or an error there becomes a
message with the Debian packages to install, and exit code 3, instead of a dead app. The answer is kept
for the life of the process, and a success also on disk (in the user's cache folder), keyed by everything
that decides which driver loads: the OpenGL-related environment, the Python interpreter and the size and
time of the driver files. A change to any of them probes again.
"""

from __future__ import annotations

import ctypes.util
import glob
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from spineviz.limits import GL_PROBE_SECONDS

DEBIAN_PACKAGES = "libgl1 libglx-mesa0 libegl1 libegl-mesa0 libgl1-mesa-dri"
_FIX = f"On Debian/Ubuntu install or repair it with: apt-get install --reinstall {DEBIAN_PACKAGES}"

_PROBE = """
import os
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401  (registers the OpenGL classes)
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow
window = vtkRenderWindow()
window.SetOffScreenRendering(1)
window.AddRenderer(vtkRenderer())
window.SetSize(8, 8)
window.Render()
print("spineviz-gl-ok", window.GetClassName())
"""

_probed: dict[tuple, str | None] = {}


class NoOpenGLError(RuntimeError):
    """No usable OpenGL on this machine; the message says which packages to install."""


def _dri_present() -> bool:
    if sys.platform != "linux":
        return True
    dirs = [os.environ.get("LIBGL_DRIVERS_PATH", "")] + glob.glob("/usr/lib/*/dri") + ["/usr/lib/dri"]
    return any(glob.glob(os.path.join(d, "*.so")) for d in dirs if d)


def probe_environment() -> dict[str, str]:
    """The environment a render in this process will use (EGL without a display, X with one)."""
    env = dict(os.environ)
    if env.get("DISPLAY"):
        if env.get("VTK_DEFAULT_OPENGL_WINDOW") == "vtkEGLRenderWindow":
            del env["VTK_DEFAULT_OPENGL_WINDOW"]
    else:
        env.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    return env


def probe_opengl(timeout: float = GL_PROBE_SECONDS) -> str | None:
    """Draw one 8×8 frame in a child process; None if it worked, else what went wrong and the fix."""
    env = probe_environment()
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        return (f"OpenGL does not work: drawing one test frame did not finish within {timeout:g} s. "
                f"spineviz draws with OpenGL (software rendering is fine). {_FIX}")
    except OSError as err:
        return f"OpenGL could not be checked ({err}). {_FIX}"
    if done.returncode == 0 and "spineviz-gl-ok" in done.stdout:
        return None
    if done.returncode < 0:
        import signal

        try:
            how = f"the graphics driver crashed ({signal.Signals(-done.returncode).name})"
        except ValueError:
            how = f"the graphics driver crashed (signal {-done.returncode})"
    else:
        last = [ln for ln in (done.stderr or "").splitlines() if ln.strip()][-1:]
        how = "drawing a test frame failed" + (f" ({last[0].strip()[:200]})" if last else "")
    suspects = [f"{k}={v}" for k, v in sorted(env.items())
                if k.startswith(("MESA_", "GALLIUM_", "LIBGL_", "__GLX_", "EGL_"))]
    hint = f" These settings may be the cause: {', '.join(suspects)}." if suspects else ""
    return (f"OpenGL does not work: {how}.{hint} spineviz draws with OpenGL (software rendering is fine). "
            f"{_FIX}")


def _driver_files() -> list[str]:
    dirs = [os.environ.get("LIBGL_DRIVERS_PATH", "")] + glob.glob("/usr/lib/*/dri") + ["/usr/lib/dri"]
    libs = [ctypes.util.find_library(n) or "" for n in ("GL", "EGL", "OSMesa")]
    found = [f for d in dirs if d for f in glob.glob(os.path.join(d, "*.so"))]
    found += [f for pattern in ("/usr/lib/*/libGL*.so*", "/usr/lib/*/libEGL*.so*") for f in glob.glob(pattern)]
    stamps = []
    for f in sorted(set(found)):
        try:
            st = os.stat(f)
        except OSError:
            continue
        stamps.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
    return libs + stamps


def _cache_file() -> Path | None:
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover - a dependency
        return None
    return Path(user_cache_dir("spineviz")) / "opengl-probe.json"


def _disk_key(key: tuple) -> str:
    text = json.dumps([list(key), sys.executable, _driver_files()])
    return hashlib.sha256(text.encode()).hexdigest()


def _known_good(digest: str) -> bool:
    cache = _cache_file()
    try:
        return cache is not None and digest in json.loads(cache.read_text(encoding="utf-8")).get("ok", [])
    except (OSError, ValueError, AttributeError):
        return False


def _remember_good(digest: str) -> None:
    cache = _cache_file()
    if cache is None:
        return
    try:
        known = json.loads(cache.read_text(encoding="utf-8")).get("ok", []) if cache.is_file() else []
    except (OSError, ValueError, AttributeError):
        known = []
    try:
        from spineviz.atomic import atomic_write_text

        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(cache, json.dumps({"ok": [*known[-15:], digest]}))
    except OSError:
        pass  # a cache we cannot write only costs the probe next time


def opengl_problem(*, probe: bool = True) -> str | None:
    """None when OpenGL works; otherwise a message naming what is missing or broken and the fix.

    ``SPINEVIZ_SKIP_GL_CHECK=1`` skips every check (for a machine known to be fine).
    """
    if os.environ.get("SPINEVIZ_SKIP_GL_CHECK"):
        return None
    if sys.platform != "linux":
        return None
    missing = [name for name in ("GL", "EGL") if ctypes.util.find_library(name) is None]
    if missing or not _dri_present():
        what = ", ".join(f"lib{m}" for m in missing) if missing else "Mesa's DRI drivers"
        return (f"No OpenGL: {what} not found. spineviz draws with OpenGL (software rendering is fine). "
                f"On Debian/Ubuntu install it with: apt-get install {DEBIAN_PACKAGES}")
    if not probe:
        return None
    env = probe_environment()
    key = tuple(sorted((k, v) for k, v in env.items()
                       if k.startswith(("MESA_", "GALLIUM_", "LIBGL_", "__GLX_", "EGL_", "VTK_", "DISPLAY"))))
    if key not in _probed:
        digest = _disk_key(key)
        if _known_good(digest):
            _probed[key] = None
        else:
            _probed[key] = probe_opengl()
            if _probed[key] is None:
                _remember_good(digest)
    return _probed[key]


def require_opengl() -> None:
    """Raise :class:`NoOpenGLError` (with the packages to install) unless OpenGL works."""
    problem = opengl_problem()
    if problem:
        raise NoOpenGLError(problem)
