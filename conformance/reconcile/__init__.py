"""Migration reconciliation (件数・金額の突合): are the records of two dumps the same records, with the same
values and the same totals?

Layer: beside the engines (it reads through ``readers`` and reuses the engines' private spill folder and
hash partitioning); the reports render its result model (``model``).
"""
