"""Terminal screens drawn with rich."""
