"""The motion package is model floor: importing it pulls in no Qt and no plotter."""

from __future__ import annotations

import subprocess
import sys


def test_motion_imports_no_qt_or_vtk():
    code = (
        "import sys\n"
        "import spineviz.motion, spineviz.motion.pose, spineviz.motion.timeline, spineviz.motion.rom\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'PySide6', 'pyvista', 'pyvistaqt', 'vtk', 'vtkmodules', 'shiboken6'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
