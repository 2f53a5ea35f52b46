"""Shared test set-up: off-screen VTK through EGL, and no user settings leaking between tests."""

import os

os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
os.environ.setdefault("PYVISTA_OFF_SCREEN", "true")
