"""The import graph has no circles, within an app as between apps.

The layers contract in pyproject.toml (`lint-imports`) keeps apps importing downwards only;
a circle inside one app would still tangle it. grimp, the graph import-linter reads, sees
every import, those inside functions included.
"""

import grimp
from django.conf import settings

OUR_PACKAGES = ["core", "images", "search", "editorial", "projects", "timeline"]
OUR_PACKAGES += ["starter_content", "lmc_site"]


def circles(graph):
    """The sets of modules that import each other, directly or through others (Tarjan)."""
    order, lowest, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        order[module] = lowest[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in order:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in on_stack:
                lowest[module] = min(lowest[module], order[imported])
        if lowest[module] == order[module]:
            component = set()
            while module not in component:
                component.add(stack.pop())
            on_stack.difference_update(component)
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return found


def test_our_packages_are_the_installed_apps_of_ours():
    assert set(OUR_PACKAGES) <= set(settings.INSTALLED_APPS)


def test_no_module_of_ours_imports_another_in_a_circle():
    graph = grimp.build_graph(*OUR_PACKAGES, include_external_packages=False)

    assert circles(graph) == []


def test_a_circle_is_found_when_there_is_one():
    graph = grimp.ImportGraph()
    for module in ("a", "a.one", "a.two", "a.three"):
        graph.add_module(module)
    graph.add_import(importer="a.one", imported="a.two")
    graph.add_import(importer="a.two", imported="a.one")
    graph.add_import(importer="a.three", imported="a.one")

    assert circles(graph) == [["a.one", "a.two"]]
