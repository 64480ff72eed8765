"""Reading files safely: the data file and its validation, answers files, the catalog cache."""
