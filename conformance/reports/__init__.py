"""Reports: one writer per format, all rendered from the canonical findings and totals."""
