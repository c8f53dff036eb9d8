"""Developer tools (layer 8): generators of the committed derived files. Never imported by the product."""
