"""Layers within the package: the pieces below never import the modules built on them.

No circle anywhere in the package is checked by ``tests/test_import_graph.py``, whose walk this uses.
"""

from tests.test_import_graph import import_graph


def test_trend_protection_lives_with_the_trends_stage():
    graph = import_graph()
    assert "analysis.protect.stage" in graph
    assert not any(m.startswith("analysis.waves") for m in graph["analysis.protect.stage"])


def test_bars_and_dots_share_row_selection_from_below():
    graph = import_graph()
    assert "analysis.figures.rows" in graph["analysis.figures.bars"]
    assert "analysis.figures.dots" not in graph["analysis.figures.bars"]
    assert "analysis.figures.bars" not in graph["analysis.figures.dots"]


def test_the_statistics_pieces_below_sit_below():
    graph = import_graph()
    assert "analysis.stats.cells" in graph["analysis.stats.proportions"]
    upper = {"analysis.stats.proportions", "analysis.stats.significance", "analysis.stats.batch",
             "analysis.stats.replicates", "analysis.stats.replicate_tests", "analysis.stats.replicate_set"}
    for low in ("analysis.stats.cells", "analysis.stats.estimates", "analysis.stats.independence",
                "analysis.stats.pairwise", "analysis.stats.results"):
        assert not graph[low] & upper, (low, graph[low] & upper)


def test_reading_an_export_needs_nothing_from_the_stages_after_it():
    """The codebook and ingest read an export into a tidy frame: they import no estimate, protection,
    figure, report, reproduction or add-wave module (the ``validate`` command, which checks them all,
    sits above them)."""
    graph = import_graph()
    later = ("analysis.stats", "analysis.tables", "analysis.protect", "analysis.figures", "analysis.report",
             "analysis.reproduction", "analysis.waves", "analysis.validate")
    below = [m for m in graph if m.startswith(("analysis.ingest", "analysis.codebook"))]
    assert len(below) > 20
    for module in below:
        upward = sorted(m for m in graph[module] if m.startswith(later))
        assert not upward, (module, upward)


def test_no_module_takes_a_private_name_from_another():
    """A name one module imports from another is part of that module's interface, so it has no leading underscore."""
    import ast

    from tests.test_import_graph import module_files

    taken = []
    for name, path in module_files().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
                taken += [(name, node.module, a.name) for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    assert not taken, taken
