"""The report a person can share with an advisor: Markdown (``markdown``) or one self-contained
HTML page (``html``, with its chart, style and markup helpers), chosen by the file name
(``formats``); ``common`` holds what both say alike."""
