"""The package's shape holds: the import contract, no import circles, small modules."""
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "saleor_loyalty"
MAX_MODULE_LINES = 400


def _cycles(imports: dict) -> list:
    """The groups of modules that import each other in a circle (Tarjan's strongly
    connected components of more than one module, or a module importing itself), given
    each module's directly imported modules."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in imports[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in imports[module]:
                found.append(sorted(group))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return found


def test_the_import_contract_is_kept():
    """setup.cfg's [importlinter] contracts: only host/ imports Saleor, the domain never
    imports the API, host/ imports nothing of the plugin's."""
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_imports_another_in_a_circle():
    graph = grimp.build_graph("saleor_loyalty", cache_dir=None)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}

    assert _cycles(imports) == []


def test_the_cycle_check_finds_a_circle():
    imports = {"a": set(), "a.x": {"a.y"}, "a.y": {"a.x", "a.z"}, "a.z": set(), "a.w": {"a.w"}}

    assert sorted(_cycles(imports)) == [["a.w"], ["a.x", "a.y"]]


def test_no_module_is_over_400_lines():
    sizes = {str(path.relative_to(ROOT)): len(path.read_text().splitlines()) for path in PACKAGE.rglob("*.py")}

    assert {path: lines for path, lines in sizes.items() if lines > MAX_MODULE_LINES} == {}
