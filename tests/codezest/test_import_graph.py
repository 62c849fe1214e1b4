"""Dependencies point one way: no import cycle between apps, ``codezest/`` imports no app, and only
``accounts`` imports ``accounts.models`` (the others reach the user through AUTH_USER_MODEL).

Every import counts, wherever it is written: at module level, inside a function, under
``if TYPE_CHECKING:``, relative or absolute. Migrations are left out: they reach other apps through
their dependencies, and a migration is frozen history.
"""

import ast
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "learning", "payments", "notifications", "activity")
SHARED = "codezest"
USER_MODELS = "accounts.models"
SKIPPED_DIRECTORIES = {"migrations", "tests", "__pycache__"}

Graph = dict[str, set[str]]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[list[str]]:
    """For each name an import statement brings in, the modules it may be, likeliest first."""
    if isinstance(node, ast.Import):
        return [[alias.name] for alias in node.names]
    if node.level:  # relative: from the module's package, one level up per extra dot
        package = module.split(".") if is_package else module.split(".")[:-1]
        base = package[: len(package) - (node.level - 1)]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    return [[f"{source}.{alias.name}", source] for alias in node.names]  # a submodule, or a name in source


def _known(name: str, modules) -> str | None:
    """The module ``name`` is, or the innermost known module it is inside ("x.models.User" is x.models)."""
    parts = name.split(".")
    return next((".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in modules), None)


def import_graph(root: Path, packages: tuple[str, ...]) -> Graph:
    """Each module of ``packages`` under ``root`` → the modules of ``packages`` it imports."""
    files = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if not SKIPPED_DIRECTORIES & set(path.relative_to(root).parts[:-1]):
                files[_module_name(path, root)] = path
    graph: Graph = {}
    for module, path in files.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for candidates in _imported(node, module, path.name == "__init__.py"):
                    known = next(filter(None, (_known(name, files) for name in candidates)), None)
                    if known and known != module:
                        targets.add(known)
        graph[module] = targets
    return graph


def _app(module: str) -> str:
    return module.split(".")[0]


def app_cycles(graph: Graph, apps: tuple[str, ...]) -> list[str]:
    """Every cycle of imports between apps, each hop named by one import that makes it."""
    witness: dict[tuple[str, str], tuple[str, str]] = {}
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            hop = (_app(module), _app(target))
            if hop[0] != hop[1] and set(hop) <= set(apps):
                witness.setdefault(hop, (module, target))
    cycles = []

    def walk(path: list[str]) -> None:
        for (source, target), _ in sorted(witness.items()):
            if source != path[-1]:
                continue
            if target == path[0]:
                hops = [*zip(path, [*path[1:], path[0]], strict=True)]
                named = "; ".join(f"{witness[hop][0]} imports {witness[hop][1]}" for hop in hops)
                cycles.append(f"{' → '.join([*path, path[0]])}: {named}")
            elif target > path[0] and target not in path:  # each cycle once, from its smallest app
                walk([*path, target])

    for app in sorted(apps):
        walk([app])
    return cycles


def shared_imports_of_apps(graph: Graph, shared: str, apps: tuple[str, ...]) -> list[str]:
    return [
        f"{module} imports {target}"
        for module, targets in sorted(graph.items())
        if _app(module) == shared
        for target in sorted(targets)
        if _app(target) in apps
    ]


def imports_of(graph: Graph, wanted: str) -> list[str]:
    """Imports of ``wanted`` (or a module inside it) from outside its app."""
    return [
        f"{module} imports {target}"
        for module, targets in sorted(graph.items())
        if _app(module) != _app(wanted)
        for target in sorted(targets)
        if target == wanted or target.startswith(f"{wanted}.")
    ]


# The project -----------------------------------------------------------------------------------


def project_graph() -> Graph:
    return import_graph(ROOT, (*APPS, SHARED))


def test_no_import_cycle_between_apps():
    assert app_cycles(project_graph(), APPS) == []


def test_codezest_imports_no_app():
    assert shared_imports_of_apps(project_graph(), SHARED, APPS) == []


def test_only_accounts_imports_the_user_models():
    assert imports_of(project_graph(), USER_MODELS) == []


def test_the_graph_sees_the_projects_own_imports():
    graph = project_graph()
    assert "payments.services" in graph["accounts.services"]
    assert "accounts.models" in graph["accounts.admin"]  # a relative import: from .models import …
    assert "accounts.services" in graph["accounts.managers"]  # inside a function


# The checks on a made-up project, so that they are seen to fail ------------------------------------


def write(root: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))


def test_a_cycle_between_two_apps_is_reported_with_its_modules(tmp_path):
    write(
        tmp_path,
        {
            "alpha/__init__.py": "",
            "alpha/services.py": "from beta.models import Thing\n",
            "alpha/models.py": "",
            "beta/__init__.py": "",
            "beta/models.py": """
                def later():
                    from alpha import services  # a function-level import counts
                """,
            "gamma/__init__.py": "",
            "gamma/api/__init__.py": "",
            "gamma/api/views.py": "from ..models import Row\nfrom alpha.services import x\n",
            "gamma/models.py": "",
            "gamma/migrations/0001_initial.py": "import beta.models\n",  # migrations do not count
        },
    )
    graph = import_graph(tmp_path, ("alpha", "beta", "gamma"))
    assert graph["gamma.api.views"] == {"gamma.models", "alpha.services"}
    assert app_cycles(graph, ("alpha", "beta", "gamma")) == [
        "alpha → beta → alpha: alpha.services imports beta.models; beta.models imports alpha.services"
    ]


def test_a_longer_cycle_is_reported_once(tmp_path):
    write(
        tmp_path,
        {
            "alpha/__init__.py": "",
            "alpha/a.py": "import beta.b\n",
            "beta/__init__.py": "",
            "beta/b.py": "from gamma import c\n",
            "gamma/__init__.py": "",
            "gamma/c.py": """
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from alpha.a import A
                """,
        },
    )
    assert app_cycles(import_graph(tmp_path, ("alpha", "beta", "gamma")), ("alpha", "beta", "gamma")) == [
        "alpha → beta → gamma → alpha: alpha.a imports beta.b; beta.b imports gamma.c; gamma.c imports alpha.a"
    ]


def test_the_shared_layer_importing_an_app_is_reported(tmp_path):
    write(
        tmp_path,
        {
            "alpha/__init__.py": "",
            "alpha/selectors.py": "",
            "shared/__init__.py": "",
            "shared/admin.py": "def dashboard():\n    from alpha.selectors import counts\n",
        },
    )
    graph = import_graph(tmp_path, ("alpha", "shared"))
    assert shared_imports_of_apps(graph, "shared", ("alpha",)) == ["shared.admin imports alpha.selectors"]


def test_the_user_models_imported_from_another_app_are_reported(tmp_path):
    write(
        tmp_path,
        {
            "users/__init__.py": "",
            "users/models.py": "",
            "users/services.py": "from .models import User\n",  # its own app may
            "shop/__init__.py": "",
            "shop/services.py": "from users import models\n",
        },
    )
    graph = import_graph(tmp_path, ("users", "shop"))
    assert imports_of(graph, "users.models") == ["shop.services imports users.models"]
