"""The one-way data flow of ``helpers``, checked on the source (no import needed).

Layers, lowest first (``helpers/__init__.py`` draws the same map)::

    0 base        _frames, _format, _printed, _labels, tables, schemas
    1 data        data, _csvfile
    2 endpoints   endpoints
    3 statistics  survival/, bridging/, response, response_difference, marrow,
                  rounding, toxicity, cohort, context, exercises, schedule, consistency
    4 audit       audit/
    5 figures     figures/
    6 widgets     widgets/

A module may import from its own layer or a lower one, never a higher one. The
widget libraries (ipywidgets, anywidget, IPython, traitlets) belong to the widget
layer, plotly to figures and widgets, and nothing in the base layer reads a file.
Every module of the package must have a layer: a new module fails here until it
is placed.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

import helpers

ROOT = Path(helpers.__file__).parent

#: Module (or package: its submodules too) -> layer.
LAYERS: dict[str, int] = {
    "helpers": 0,
    "helpers._frames": 0,
    "helpers._format": 0,
    "helpers._printed": 0,
    "helpers.tables": 0,
    "helpers._labels": 0,
    "helpers.schemas": 0,
    "helpers.data": 1,
    "helpers._csvfile": 1,
    "helpers.endpoints": 2,
    "helpers.survival": 3,
    "helpers.bridging": 3,
    "helpers.response": 3,
    "helpers.marrow": 3,
    "helpers.rounding": 3,
    "helpers.response_difference": 3,
    "helpers.toxicity": 3,
    "helpers.cohort": 3,
    "helpers.context": 3,
    "helpers.exercises": 3,
    "helpers.schedule": 3,
    "helpers.consistency": 3,
    "helpers.audit": 4,
    "helpers.figures": 5,
    "helpers.widgets": 6,
}
LAYER_NAMES = ("base", "data", "endpoints", "statistics", "audit", "figures", "widgets")

#: Third-party top-level package -> the layers allowed to import it.
THIRD_PARTY: dict[str, set[int]] = {
    "ipywidgets": {6},
    "anywidget": {6},
    "IPython": {6},
    "traitlets": {6},
    "plotly": {5, 6},
}

#: The layers that must not read files.
NO_FILES = {0}
_READING_CALLS = {"read_text", "read_bytes", "read_csv", "read_table", "read_excel"}
_READING_MODULES = {"importlib.resources", "importlib_resources"}


# --------------------------------------------------------------------------- the checker


@dataclass(frozen=True)
class Module:
    name: str
    path: Path


def modules(root: Path, package: str) -> list[Module]:
    """Every ``.py`` file below ``root`` as a dotted module name (``__init__`` = the package)."""
    out = []
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append(Module(".".join([package, *parts]), path))
    return out


def layer_of(name: str, layers: dict[str, int]) -> int | None:
    """The layer of the longest entry of ``layers`` that is ``name`` or a package holding it."""
    best = None
    for prefix in layers:
        if (name == prefix or name.startswith(prefix + ".")) and (
            best is None or len(prefix) > len(best)
        ):
            best = prefix
    return None if best is None else layers[best]


def imported(module: Module, package: str, known: set[str]) -> list[tuple[str, int]]:
    """``(module name, line)`` of every import in ``module`` (relative ones resolved).

    ``from pkg import name`` counts as importing ``pkg.name`` when that is a module.
    """
    tree = ast.parse(module.path.read_text(encoding="utf-8"))
    is_package = module.path.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.name.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                base = ".".join(parts[:keep] + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                out.append((candidate if candidate in known else base, node.lineno))
    return out


def reads_files(module: Module) -> list[str]:
    """Where ``module`` opens or reads a file, or imports a resource reader."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                found.append(f"line {node.lineno}: open()")
            elif isinstance(func, ast.Attribute) and func.attr in _READING_CALLS | {"open"}:
                found.append(f"line {node.lineno}: .{func.attr}()")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}"
                for a in node.names
                if a.name in _READING_MODULES
            ]
        elif isinstance(node, ast.ImportFrom):
            names = {f"{node.module}.{a.name}" for a in node.names} | {node.module or ""}
            if names & _READING_MODULES:
                found.append(f"line {node.lineno}: from {node.module} import ...")
    return found


def check(
    root: Path,
    package: str,
    layers: dict[str, int],
    third_party: dict[str, set[int]],
    no_files: set[int],
) -> list[str]:
    """Every breach of the layering in the package at ``root``, one sentence each."""
    found = modules(root, package)
    known = {m.name for m in found}
    problems = []
    for module in found:
        layer = layer_of(module.name, layers)
        where = f"{module.path.relative_to(root.parent)}"
        if layer is None:
            problems.append(f"{where}: {module.name} has no layer; add it to LAYERS")
            continue
        for name, line in imported(module, package, known):
            top = name.split(".")[0]
            if top == package:
                target = layer_of(name, layers)
                if target is not None and target > layer:
                    problems.append(
                        f"{where}:{line}: {module.name} (layer {layer}) imports {name} "
                        f"(layer {target}, higher)"
                    )
            elif top in third_party and layer not in third_party[top]:
                problems.append(
                    f"{where}:{line}: {module.name} (layer {layer}) imports {top}, "
                    f"allowed only in layers {sorted(third_party[top])}"
                )
        if layer in no_files:
            problems += [f"{where}: reads a file, {what}" for what in reads_files(module)]
    return problems


# --------------------------------------------------------------------------- the package


def test_every_module_has_a_layer():
    unplaced = [m.name for m in modules(ROOT, "helpers") if layer_of(m.name, LAYERS) is None]
    assert unplaced == [], f"modules without a layer (add them to LAYERS): {unplaced}"


def test_helpers_respects_its_layers():
    assert check(ROOT, "helpers", LAYERS, THIRD_PARTY, NO_FILES) == []


def test_map_in_the_package_docstring_names_every_subpackage_and_module():
    doc = helpers.__doc__ or ""
    top = {f"helpers.{info.name}" for info in pkgutil.iter_modules([str(ROOT)])}
    missing = sorted(
        name
        for name in top
        if not any(line.split()[:1] == [name] for line in doc.splitlines() if line.strip())
    )
    assert missing == [], f"helpers/__init__.py's map does not name {missing}"
    for name in top:
        assert layer_of(name, LAYERS) is not None, name


SUBPACKAGES = [info.name for info in pkgutil.iter_modules([str(ROOT)]) if info.ispkg]


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_subpackage_all_lists_exactly_its_public_names(name):
    package = importlib.import_module(f"helpers.{name}")
    public = {
        key
        for key, value in vars(package).items()
        if not key.startswith("_") and key != "annotations" and not isinstance(value, ModuleType)
    }
    assert sorted(package.__all__) == sorted(set(package.__all__)), "duplicates in __all__"
    assert set(package.__all__) == public


# --------------------------------------------------------------------------- the checker itself


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "fakepkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


FAKE_LAYERS = {"fakepkg": 0, "fakepkg.low": 0, "fakepkg.mid": 1, "fakepkg.high": 2}


def test_checker_reports_a_lower_layer_importing_a_higher_one(tmp_path):
    root = _fake_package(
        tmp_path,
        {
            "__init__.py": "",
            "low.py": "from fakepkg.high import draw\n",
            "mid/__init__.py": "from . import core\n",
            "mid/core.py": "from ..low import x\nfrom fakepkg import high\n",
            "high.py": "import fakepkg.low\nfrom fakepkg.mid import core\n",
        },
    )
    problems = check(root, "fakepkg", FAKE_LAYERS, {}, set())
    assert len(problems) == 2, problems
    assert "fakepkg.low (layer 0) imports fakepkg.high (layer 2, higher)" in problems[0]
    assert "low.py:1" in problems[0]
    assert "fakepkg.mid.core (layer 1) imports fakepkg.high (layer 2, higher)" in problems[1]


def test_checker_reports_third_party_imports_and_file_reading_out_of_place(tmp_path):
    root = _fake_package(
        tmp_path,
        {
            "__init__.py": "",
            "low.py": (
                "import plotly.graph_objects as go\n"
                "from importlib import resources\n"
                "def f(p):\n    return open(p).read() + p.read_text()\n"
            ),
            "high.py": "import ipywidgets\nimport plotly\n",
            "stray.py": "",
        },
    )
    layers = {"fakepkg.low": 0, "fakepkg.high": 2}  # the package itself and stray.py unplaced
    problems = check(root, "fakepkg", layers, {"plotly": {2}, "ipywidgets": {2}}, {0})
    text = "\n".join(problems)
    assert "fakepkg.low (layer 0) imports plotly, allowed only in layers [2]" in text
    assert "from importlib import ..." in text
    assert "open()" in text
    assert ".read_text()" in text
    assert "fakepkg.stray has no layer" in text
    assert "high.py" not in text
