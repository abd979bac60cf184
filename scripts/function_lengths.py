"""Function lengths of a source tree (median, p90, max), for the house-keeping figures.

    python3 scripts/function_lengths.py visits itineraries
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path


def lengths(root: Path) -> list[int]:
    found = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append((node.end_lineno or node.lineno) - node.lineno + 1)
    return sorted(found)


def main(roots: list[str]) -> None:
    for root in roots:
        found = lengths(Path(root))
        p90 = found[int(0.9 * (len(found) - 1))]
        print(f"{root}: {len(found)} functions, median {statistics.median(found):g}, "
              f"p90 {p90}, max {found[-1]} lines")


if __name__ == "__main__":
    main(sys.argv[1:] or ["visits", "itineraries"])
