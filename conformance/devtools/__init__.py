"""Developer tools (layer 9): generators of the committed derived files. Never imported by the product."""
