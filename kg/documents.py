"""Old path of :mod:`kg.seeds.documents`, kept only for ``kg/audit.py``'s import line.

``kg/audit.py`` is being edited on another branch; once it imports ``kg.seeds.documents``, delete
this module (issue 14).
"""

from kg.seeds.documents import span_text

__all__ = ["span_text"]
