"""Cross-record rules X1–X35. Importing this package registers every rule in ``base.REGISTRY``."""

from conformance.rules.cross import dataset_rules, file_rules, row_rules
from conformance.rules.cross.base import REGISTRY

__all__ = ["REGISTRY", "dataset_rules", "file_rules", "row_rules"]
