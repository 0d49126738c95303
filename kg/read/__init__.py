"""Reading documents nobody curated: the document reader (lines, segments, tables, reference lists,
citation markers; :mod:`kg.read.reader`), the text rules it uses, HTML and PDF text with offsets
into the original file, page furniture, the kind of page and the compound of interest."""

__all__: list[str] = []
