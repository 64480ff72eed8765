"""No import cycles among certadvisor's modules.

``lint-imports`` checks the layers in CI (``[tool.importlinter]`` in pyproject.toml); its cycle
contract compares siblings only, so a package and one of its own modules importing each other
(the package root's ``main`` and the command line, say) passes it. This test reads every module's
imports with ``ast``, those inside functions and under ``TYPE_CHECKING`` included (a lazy import is
still a dependency), and names each cycle it finds.
"""

from __future__ import annotations

import ast
from pathlib import Path

import certadvisor

Graph = dict[str, set[str]]


def modules_under(root: Path) -> dict[str, Path]:
    """Every module of the package at ``root`` by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _targets(node: ast.Import | ast.ImportFrom, package: str, modules: dict[str, Path]) -> list[str]:
    """The names one import statement asks for, made absolute."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1])
        prefix = f"{base}.{node.module}" if node.module else base
    else:
        prefix = node.module or ""
    # `from package import name` imports the module package.name when there is one, else package.
    return [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in modules else prefix for a in node.names]


def import_graph(root: Path) -> Graph:
    """Module -> the package's own modules it imports, wherever the import statement stands."""
    modules = modules_under(root)
    graph: Graph = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(node, package, modules):
                # `import a.b.c` depends on a.b.c; a name that is not a module of ours is dropped.
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle, as the modules along it with the first repeated at the end; None if acyclic."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        path.append(node)
        for following in sorted(graph[node]):
            if following in path:
                return [*path[path.index(following) :], following]
            if following not in done:
                found = visit(following)
                if found:
                    return found
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done:
            found = visit(start)
            if found:
                return found
    return None


def every_cycle(graph: Graph) -> list[list[str]]:
    """Cycles found one at a time, each broken at its last import before looking again."""
    graph = {name: set(targets) for name, targets in graph.items()}
    cycles = []
    while (cycle := find_cycle(graph)) is not None:
        cycles.append(cycle)
        graph[cycle[-2]].discard(cycle[-1])
    return cycles


def test_no_import_cycles() -> None:
    cycles = every_cycle(import_graph(Path(certadvisor.__file__).parent))
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_a_cycle_through_a_lazy_import_is_found_and_named(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("def main():\n    from pkg.sub import b\n", encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "a.py").write_text("from .. import sub\n", encoding="utf-8")
    (package / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import main\n", encoding="utf-8"
    )
    (package / "c.py").write_text("import os\nfrom pkg.sub import a\n", encoding="utf-8")
    graph = import_graph(package)
    assert graph == {
        "pkg": {"pkg.sub.b"},
        "pkg.sub": set(),
        "pkg.sub.a": {"pkg.sub"},
        "pkg.sub.b": {"pkg"},
        "pkg.c": {"pkg.sub.a"},
    }
    assert every_cycle(graph) == [["pkg", "pkg.sub.b", "pkg"]]
