"""mskg — a knowledge graph of Chinese local livelihood (民生) policy.

The repository root is the import package ``mskg``; its sub-packages are
``mskg.ingest`` (documents → graph), ``mskg.graph_store`` (embedded, in-memory
and remote stores), ``mskg.ontology``/``mskg.shapes``/``mskg.queries`` (data
files) and ``mskg.evaluation`` (scores against gold annotations).
"""

__version__ = "0.1.0"
