"""Schema definitions (layouts, dataset, code tables) as data: model, loading, import from sheets."""
