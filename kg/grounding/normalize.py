"""How a name becomes a lookup key: Greek letters spelled out, case folded, separators dropped.

``NF-κB``, ``NF-kappaB`` and ``NF kappa B`` share the key ``nfkappab``; ``TNF-α`` and
``TNF alpha`` share ``tnfalpha``. The text matcher tokenises the same way, so a window of tokens
joins into the key of the name it spells.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["GREEK", "TOKEN", "fold", "key_of", "shape_of", "symbol_shaped", "tokens"]

#: Greek letters (both cases, and the micro sign) spelled as their Latin names.
GREEK: dict[str, str] = {}
for _name, _lower in (
    ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ε"), ("zeta", "ζ"),
    ("eta", "η"), ("theta", "θ"), ("iota", "ι"), ("kappa", "κ"), ("lambda", "λ"), ("mu", "μ"),
    ("nu", "ν"), ("xi", "ξ"), ("omicron", "ο"), ("pi", "π"), ("rho", "ρ"), ("sigma", "σ"),
    ("tau", "τ"), ("upsilon", "υ"), ("phi", "φ"), ("chi", "χ"), ("psi", "ψ"), ("omega", "ω"),
):  # fmt: skip
    GREEK[_lower] = _name
    GREEK[_lower.upper()] = _name
GREEK["µ"] = "mu"
GREEK["ς"] = "sigma"

#: A token: a run of letters (Latin or Greek) and digits.
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


_SPELL_GREEK = str.maketrans(GREEK)


def fold(text: str) -> str:
    """Greek letters spelled out, compatibility forms unified (NFKC); case kept."""
    if text.isascii():
        return text  # the common case: nothing to unify or spell out
    return unicodedata.normalize("NFKC", text).translate(_SPELL_GREEK)


def shape_of(text: str) -> str:
    """The letters and digits of a name with Greek spelled out, case kept (``NF-κB`` → ``NFkappaB``)."""
    return "".join(m.group(0) for m in TOKEN.finditer(fold(text)))


def key_of(text: str) -> str:
    """Lookup key of a name: its shape, case folded."""
    return shape_of(text).casefold()


def tokens(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``text`` (offsets into ``text`` itself)."""
    return [m.span() for m in TOKEN.finditer(text)]


def symbol_shaped(name: str) -> bool:
    """A short code written with capitals past its first letter ("ALL", "CaN", "NF-kB", "IL6")."""
    shape = shape_of(name)
    if not shape or len(shape) > 8 or " " in name.strip():
        return False
    return shape[1:] != shape[1:].lower() or (any(c.isdigit() for c in shape) and len(shape) <= 5)
