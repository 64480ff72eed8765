"""Every JSON document certadvisor writes, built in this one package.

``encode`` turns documents into text (stable, indented, UTF-8); ``facts``, ``cost`` and
``result`` build the shapes of certifications, cost sheets and recommendations; ``documents``
builds each command's whole document. Each document has a JSON Schema in ``certadvisor/schemas``.
"""
