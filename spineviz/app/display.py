"""Whether the display named by ``DISPLAY`` answers, checked with a socket (no Qt, no X library).

Qt aborts the whole process (SIGABRT) when ``DISPLAY`` names an X server that is not there, so spineviz
knocks first: a Unix socket ``/tmp/.X11-unix/X<n>`` (or its abstract twin) for ``:n``, a TCP port
6000 + n for ``host:n``, each with a short timeout.
"""

from __future__ import annotations

import os
import re
import socket
import sys

_DISPLAY = re.compile(r"^(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?$")
CONNECT_SECONDS = 2.0


def x_display_answers(display: str, timeout: float = CONNECT_SECONDS) -> bool:
    """Whether an X server accepts a connection at ``display`` (``":0"``, ``"host:1.0"``, ``"unix:2"``)."""
    m = _DISPLAY.match(display.strip())
    if not m:
        return False
    host, number = m.group("host"), int(m.group("number"))
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        for address in (path, "\0" + path):  # the file, then Linux's abstract socket namespace
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                try:
                    sock.connect(address)
                    return True
                except OSError:
                    continue
        if host == "unix":
            return False
        host = "localhost"
    try:
        with socket.create_connection((host, 6000 + number), timeout=timeout):
            return True
    except OSError:
        return False


def display_problem() -> str | None:
    """None when a window can be opened; else why not ("no DISPLAY", "nothing answers at :9")."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    display = os.environ.get("DISPLAY", "")
    if not display:
        return "no display found"
    if not x_display_answers(display):
        return f"no X server answers at DISPLAY={display}"
    return None
