"""Immutable records: certifications, facts, questions, rules, the catalog and the condition
language. Imports nothing of ours but ``errors`` and ``text``."""
