"""Old path of :mod:`kg.seeds.load`, kept only for ``kg/lexicon.py``'s import line.

``kg/lexicon.py`` is being edited on another branch; once it imports ``kg.seeds.load``, delete
this module (issue 14).
"""

from kg.seeds.load import load_vocabulary

__all__ = ["load_vocabulary"]
