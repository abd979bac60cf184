"""Imports go one way: domain ← store ← services ← api and pages (STYLE.md).

The source is parsed, not imported, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTTP_LAYERS = ("visits.api", "visits.pages", "visits.edge", "visits.app")

# package → what it may never import (prefix match on the imported module's name)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "itineraries": ("visits",),
    "visits.domain": ("visits.models", "visits.store", "visits.services", "visits.contract",
                      *HTTP_LAYERS, "tortoise", "starlette", "pydantic"),
    "visits.contract": ("visits.store", "visits.services", *HTTP_LAYERS),
    "visits.wording": ("visits.store", "visits.services", *HTTP_LAYERS, "tortoise",
                       "starlette"),
    "visits.store": ("visits.services", *HTTP_LAYERS),
    "visits.database": ("visits.models", "visits.store", "visits.services", *HTTP_LAYERS),
    "visits.services": HTTP_LAYERS,
    "visits.models": ("visits.store", "visits.services", *HTTP_LAYERS),
    "visits.edge": ("visits.api", "visits.pages", "visits.app"),
    "visits.api": ("visits.pages", "visits.app"),
    "visits.pages": ("visits.api", "visits.app"),
    "visits.calendars": ("visits.models", "visits.store", "visits.services", *HTTP_LAYERS,
                         "tortoise", "starlette"),
}
# Modules beside the layers that the services build on: below the HTTP layers too.
SUPPORT = ("visits.audit", "visits.auth", "visits.mail", "visits.sharing", "visits.settings",
           "visits.errors", "visits.demo", "visits.cli", "visits.tracking", "visits.rate_limit",
           "visits.contact_mail", "visits.answer_links", "visits.calendars")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Every absolute module a file imports, with its line (`from a import b` yields a.b
    too, since b may be a submodule)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def sources() -> list[Path]:
    return sorted([*(ROOT / "visits").rglob("*.py"), *(ROOT / "itineraries").rglob("*.py")])


def wrong_imports(rules: dict[str, tuple[str, ...]]) -> list[str]:
    found = []
    for path in sources():
        importer = module_name(path)
        banned = [b for package, bans in rules.items() if within(importer, package) for b in bans]
        for line, name in imported_modules(path):
            if any(within(name, b) for b in banned):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return sorted(set(found))


def test_no_layer_imports_one_above_it() -> None:
    assert wrong_imports(FORBIDDEN) == []


def test_support_modules_stay_below_the_http_layers() -> None:
    assert wrong_imports({module: HTTP_LAYERS for module in SUPPORT}) == []


@pytest.mark.parametrize(("rules", "expected"), [
    ({"visits.services": ("visits.api",)}, "visits.api"),
    ({"itineraries": ("visits",)}, "visits"),
])
def test_the_check_finds_a_wrong_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        rules: dict[str, tuple[str, ...]], expected: str) -> None:
    """The rule table is only worth something if a wrong import would be reported."""
    package = "services" if "visits.services" in rules else "itineraries"
    target = tmp_path / ("visits/services" if package == "services" else "itineraries")
    target.mkdir(parents=True)
    (target / "bad.py").write_text(f"from {expected}.thing import x\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)

    assert [line.split(" imports ")[1] for line in wrong_imports(rules)] == [
        f"{expected}.thing", f"{expected}.thing.x"]


def test_modules_import_no_cycle() -> None:
    """Module-level imports form no cycle (lazy imports inside functions hide one)."""
    graph: dict[str, set[str]] = {}
    modules = {module_name(p): p for p in sources()}
    for name, path in modules.items():
        graph[name] = {m for _, m in imported_modules(path) if m in modules and m != name}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*trail[trail.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    packages = {name for name, path in modules.items() if path.name == "__init__.py"}
    assert [c for c in cycles if not _through_a_package_init(c, packages)] == []


def _through_a_package_init(cycle: str, packages: set[str]) -> bool:
    """`pkg/__init__.py` re-exporting `pkg.sub`, which imports a sibling through `pkg`, is
    how Python packages work, not a cycle between modules."""
    steps = cycle.split(" → ")
    return any(step in packages and any(within(other, step) for other in steps if other != step)
               for step in steps)
