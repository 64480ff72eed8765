"""Every word and every serialised shape: the view model, JSON documents, Markdown, HTML and the
terminal screens (``present.terminal``, the only place that imports rich)."""
