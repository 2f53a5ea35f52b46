"""The floors: the model imports no Qt and no plotter; render does not import app."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "spineviz"
MODEL = ("anatomy", "motion", "content", "scene")
FORBIDDEN_IN_MODEL = ("PySide6", "pyvistaqt", "spineviz.render", "spineviz.app", "vtkmodules.vtkRendering")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_model_packages_import_no_qt_no_render_no_app():
    bad = []
    for pkg in MODEL:
        for f in (PACKAGE / pkg).rglob("*.py"):
            for name in _imports(f):
                if name.startswith(FORBIDDEN_IN_MODEL):
                    bad.append(f"{f.relative_to(PACKAGE)} imports {name}")
            if "Plotter(" in f.read_text(encoding="utf-8"):
                bad.append(f"{f.relative_to(PACKAGE)} makes a plotter")
    assert not bad, bad


def test_render_does_not_import_app():
    bad = [f"{f.name} imports {n}" for f in (PACKAGE / "render").rglob("*.py") for n in _imports(f)
           if n.startswith("spineviz.app")]
    assert not bad, bad


def test_model_core_loads_without_vtk_or_qt():
    code = (
        "import sys\n"
        "import spineviz.anatomy.spine, spineviz.motion.loads, spineviz.motion.pose, spineviz.motion.timeline\n"
        "import spineviz.content.linker, spineviz.content.atlas, spineviz.content.bodymap\n"
        "from spineviz.anatomy.spine import model\n"
        "from spineviz.motion import parse_motion\n"
        "from spineviz.motion.pose import pose\n"
        "from spineviz.motion.loads import facet_loads\n"
        "facet_loads(model(), pose(model(), parse_motion('extension=10')))\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyvista', 'vtkmodules', 'pyvistaqt')]\n"
        "assert not heavy, heavy\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


def test_ruff_is_clean():
    root = PACKAGE.parent
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "spineviz", "tests"], cwd=root,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def test_model_tests_pass_without_pyside6():
    """Run the model-floor tests in a fresh interpreter where importing PySide6 fails."""
    root = PACKAGE.parent
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        "sys.modules['pyvistaqt'] = None\n"
        "import pytest\n"
        "sys.exit(pytest.main(['-q', '-p', 'no:pytest-qt', '-p', 'no:cacheprovider', '-x',\n"
        "                      'tests/motion', 'tests/content', 'tests/scene/test_state.py',\n"
        "                      'tests/anatomy/test_levels.py', 'tests/anatomy/test_tables.py',\n"
        "                      'tests/anatomy/test_spine_model.py']))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert " passed" in r.stdout
