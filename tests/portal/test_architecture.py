"""The layering of the apps: the core (portal/) knows no feature app, and no module imports
itself through others. Imports inside functions count too: they are dependencies all the same."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CORE = "portal"


def project_apps():
    return sorted(config.name for config in apps.get_app_configs() if Path(config.path).resolve().is_relative_to(ROOT))


def project_modules():
    """Dotted name → file of every module of the project's apps (not their migrations)."""
    modules = {}
    for app in project_apps():
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules[".".join(parts)] = path
    return modules


def imported_names(name, path):
    """The absolute names each import statement of the module asks for."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                yield f"{base}.{alias.name}"  # a submodule, or a name in ``base``


def dependency_graph():
    modules = project_modules()
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_names(name, path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def cycles(graph):
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_scan_sees_the_apps_and_their_imports():
    graph = dependency_graph()
    assert {"portal", "home", "meetings", "documents", "contracts", "oparl"} <= set(project_apps())
    assert "meetings.models" in graph["meetings.agenda"]  # a relative import
    assert "portal.access" in graph["documents.models"]  # an absolute one
    assert "meetings.pages" in graph["meetings.templatetags.meetings_tags"]  # from .. import pages


def test_the_core_imports_no_feature_app():
    features = set(project_apps()) - {CORE}
    leaks = sorted(
        (module, target)
        for module, targets in dependency_graph().items()
        if module.split(".")[0] == CORE
        for target in targets
        if target.split(".")[0] in features
    )
    assert leaks == [], "portal/ must not import feature apps; register through portal/registry.py instead"


def test_no_import_cycles():
    assert cycles(dependency_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a.x": {"b.y"}, "b.y": {"a.x"}, "c": set()}) == [["a.x", "b.y"]]


def test_every_environment_variable_is_in_the_one_table():
    """The settings' variables (not the test settings') each have a row in docs/deployment.md."""
    import re

    names = set()
    for path in (ROOT / "portal" / "settings").glob("*.py"):
        if path.name != "test.py":
            names |= set(
                re.findall(
                    r"""(?:environ(?:\.get)?\(|environ\[|env_(?:bool|list)\()["']([A-Z][A-Z0-9_]+)["']""",
                    path.read_text(),
                )
            )
    table = (ROOT / "docs" / "deployment.md").read_text().split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    assert {"SECRET_KEY", "REDIS_URL", "PAGE_CACHE_DIR"} <= names  # the scan reads the settings
    assert sorted(names - documented) == []
