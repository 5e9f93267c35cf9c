"""The statistics engine's layers: the pieces below never import the modules built on them.

No circle anywhere in the package is checked by ``tests/test_import_graph.py``, whose walk this uses.
"""

from __future__ import annotations

from tests.test_import_graph import import_graph


def test_the_pieces_below_sit_below():
    graph = import_graph()
    assert "analysis.stats.cells" in graph["analysis.stats.proportions"]
    upper = {"analysis.stats.proportions", "analysis.stats.significance", "analysis.stats.batch",
             "analysis.stats.replicates", "analysis.stats.replicate_tests", "analysis.stats.replicate_set"}
    for low in ("analysis.stats.cells", "analysis.stats.estimates", "analysis.stats.independence",
                "analysis.stats.pairwise", "analysis.stats.results"):
        assert not graph[low] & upper, (low, graph[low] & upper)
