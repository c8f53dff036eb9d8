"""The lowest layer: what every other layer speaks — severities, message templates, findings, rule metadata.

Nothing here knows a layout, a rule or a file format; every other package may import it and it imports none
of them (``tests/test_layers.py`` keeps it so).
"""
