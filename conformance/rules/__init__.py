"""Rules: the catalogue of rule ids and one small unit per rule kind."""
