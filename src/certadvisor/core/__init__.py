"""Pure advice over the model: scoring, confidence, what-ifs, the interview, cost, freshness,
comparison and the glossary. Imports only ``model`` and the small text helpers."""
