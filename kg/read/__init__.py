"""Reading documents nobody curated: the document reader (:mod:`kg.read.reader`, its steps in
``lines``, ``reflist``, ``citations``, ``segments`` with ``tables`` and ``spans``, and ``title``), the
text rules it uses, HTML and PDF text with offsets into the original file, page furniture, the kind
of page and the compound of interest."""

__all__: list[str] = []
