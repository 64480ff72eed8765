"""Bytes out: standard output, atomic files, the pager."""
