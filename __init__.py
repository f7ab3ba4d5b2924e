"""mskg — a knowledge graph of Chinese local livelihood (民生) policy.

The repository root is the import package ``mskg``. Its parts:

- ``mskg.ingest``: documents → extractions (plans, measures, agencies with roles,
  targets, places), and the mapping of an extraction to RDF;
- ``mskg.loading`` and ``mskg.build``: extractions into the store, one named graph per
  document; the ``mskg build`` job;
- ``mskg.graph_store``: the stores behind one interface (embedded, in-memory, remote
  SPARQL 1.1 server), query deadlines, what ``mskg export`` writes, and statistics;
- ``mskg.ontology``, ``mskg.shapes``, ``mskg.lexicons``: the ontology and concept
  schemes, the SHACL shapes and the keyword lexicons (Turtle data files, with their
  loaders);
- ``mskg.inference``: the semantic layer, SPARQL CONSTRUCT rules materialised into
  inferred graphs;
- ``mskg.queries``: the stored SPARQL queries and their parameters,
  ``mskg.queries.resolution`` (parameter values → IRIs) and ``mskg.queries.questions``
  (questions in Chinese or English → a stored query, for ``mskg ask``);
- ``mskg.validation``: SHACL validation and its reports, for auditors;
- ``mskg.networks``: pictures and networks of the graph (``mskg viz``,
  ``mskg analyze``);
- ``mskg.serve``: the read-only SPARQL endpoint and query page (``mskg serve``);
- ``mskg.evaluation``: extraction scores against gold annotations (``mskg eval``);
- ``mskg.data``: the bundled sample corpus;
- ``mskg.cli``, ``mskg.formats``, ``mskg.results``, ``mskg.severities``, ``mskg.errors``,
  ``mskg.identifiers``, ``mskg.paths``: the command line, every file format with its
  suffixes and media type, result formatting, the severities of validation results,
  errors with their exit codes, IRIs, file locations.
"""

__version__ = "0.1.0"
