"""The statistics engine's imports run one way: a walk over analysis/stats with ``ast`` finds no circle.

Imports inside functions count (a lazy import still ties two modules together); the walk is
the one of ``tests/ingest/test_imports.py``.
"""

from __future__ import annotations

from tests.ingest.test_imports import PACKAGE, find_cycle, import_graph


def test_no_import_circle_in_the_statistics_engine():
    graph = import_graph(PACKAGE / "stats")
    assert "analysis.stats.cells" in graph["analysis.stats.proportions"]
    cycle = find_cycle(graph)
    assert not cycle, "import circle: " + " -> ".join(cycle)


def test_the_pieces_below_sit_below():
    graph = import_graph(PACKAGE / "stats")
    for low in ("analysis.stats.cells", "analysis.stats.estimates", "analysis.stats.independence",
                "analysis.stats.pairwise", "analysis.stats.results"):
        upper = {"analysis.stats.proportions", "analysis.stats.significance", "analysis.stats.batch",
                 "analysis.stats.replicates", "analysis.stats.replicate_tests", "analysis.stats.replicate_set"}
        assert not graph[low] & upper, (low, graph[low] & upper)
