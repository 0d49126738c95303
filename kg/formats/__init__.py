"""Export and interchange formats: the registry (:mod:`kg.formats.registry`) and one module per format.

``kg.formats.export(kb, path)`` writes one file, ``kg.formats.write_exports(kb, folder)`` the set.
"""

from kg.formats.registry import EXPORTERS, INTERCHANGE, SUFFIXES, export, recover_exports, write_exports

__all__ = ["EXPORTERS", "INTERCHANGE", "SUFFIXES", "export", "recover_exports", "write_exports"]
