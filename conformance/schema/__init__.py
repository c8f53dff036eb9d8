"""Schema definitions (layouts, dataset, code tables) as data: model, the 条件 language, loading, import.

Layer 2: imports ``conformance.core`` and ``conformance.types`` only. ``model`` (the in-memory schema set),
``conditions`` (§3.3), ``documents`` (JSON, meta-schemas, ``SchemaError``), ``tables`` (code tables and the
other CSV inputs), ``settings``, ``layout_checks`` (shared with ``importer``) and ``loader``.
"""
