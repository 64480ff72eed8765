"""The terminal screens, drawn with rich (the only package that imports it).

``console`` makes the console (width, borders, links, trimmed piped lines); ``layout`` holds the
pieces screens are built from (wrapped text, ``label: value`` fields, tables, URL lines);
``blocks`` what several screens draw (sources, career paths, glossary terms). Then one module per
screen: ``listing``, ``show``, ``comparison``, ``costs``, ``result``, ``glossary``, ``quiz`` and
``stale``. Nothing is re-exported here, so a command imports only the screen it draws.
"""
