"""numpy, and only here: the grid for the exhaustive audit and the bulk what-if search. It calls
the core's policy and vectorises only the arithmetic."""
