"""The grounding index: every vocabulary name compiled once into a cached key table, matched in
linear time over the tokens of a text.

The cache lives beside the vocabularies it is compiled from (``<venv>/share/mechkg/``, or
``$MECHKG_CACHE``). Its header holds a stamp of the source files, the rules and this module's format
version, and a sha256 of the payload: a missing or stale cache is rebuilt with a message, a corrupt
one is replaced, never trusted.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.grounding import normalize as normalize_module
from kg.grounding import sources as sources_module
from kg.grounding.normalize import TOKEN, fold, key_of, shape_of
from kg.grounding.sources import Term, mesh_equivalents, resources_folder, source_files, vocabulary_terms

__all__ = [
    "FORMAT",
    "GroundingIndex",
    "Hit",
    "cache_path",
    "compile_terms",
    "load_index",
    "read_rules",
    "symbol_shaped",
]

#: Version of the cache layout; bump when the compiled table changes meaning.
FORMAT = 4
_MAGIC = b"MECHKG-GROUNDING\n"
#: Characters of a long text read at a time (whole lines).
BLOCK = 200_000
#: Longest name, in tokens, the matcher looks for.
MAX_TOKENS = 8
#: Characters that may join the tokens of one name ("NF-κB", "lion's mane", "TNF alpha").
_JOIN = frozenset(" -\u2010\u2011'\u2019+")
#: Length of the key beginnings kept to stop a window early: once the words read spell a key
#: beginning no name has, no longer window can spell a name (nor a singular of one).
_HEAD = 6
#: Every text between two tokens that may join them in one name, and those of them holding a space.
_JOINING = frozenset(["", *_JOIN, *(a + b for a in _JOIN for b in _JOIN)])
_SPACED = frozenset(sep for sep in _JOINING if any(ch.isspace() for ch in sep))


@dataclass(frozen=True, slots=True)
class Hit:
    """One grounded mention: ``text[start:end]`` names ``curie`` (``alternatives`` also fit)."""

    start: int
    end: int
    curie: str
    label: str
    entity_type: str
    source: str
    alternatives: tuple[str, ...] = ()


def read_rules(folder: Path) -> dict[str, Any]:
    """The grounding rules and stop-lists of an ontology folder (``ontology/grounding``)."""
    import yaml

    rules: dict[str, Any] = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8")) or {}
    for name, key in (("ambiguous-symbols.txt", "ambiguous"), ("common-words.txt", "common")):
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        words = {w.replace("_", " ") for line in lines if not line.startswith("#") for w in line.split()}
        rules[key] = sorted({key_of(w) for w in words})
    return rules


def cache_path() -> Path:
    """Where the compiled index is kept: ``$MECHKG_CACHE`` or ``<sys.prefix>/share/mechkg``."""
    env = os.environ.get("MECHKG_CACHE")
    if env:
        return Path(env) / f"grounding-v{FORMAT}.pickle"
    base = Path(sys.prefix) / "share" / "mechkg"
    if not os.access(base if base.exists() else base.parent if base.parent.exists() else Path(sys.prefix), os.W_OK):
        base = Path.home() / ".cache" / "mechkg"
    return base / f"grounding-v{FORMAT}.pickle"


def _stamp(folder: Path, rules: Mapping[str, Any]) -> str:
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for module in (__file__, sources_module.__file__, normalize_module.__file__):
        h.update(Path(module).read_bytes())  # the compiler's own code: a change rebuilds the cache
    for path in source_files(folder):
        st = path.stat()
        h.update(f"{path.name} {st.st_size} {st.st_mtime_ns}\n".encode())
    h.update(repr(sorted((k, repr(v)) for k, v in rules.items())).encode())
    return h.hexdigest()


#: The compiled table: entity rows; key -> candidate codes (entity index * 4 + symbol bit + 2 when
#: the name is written in several words, so "progress in" never spells "progressin"); and the first
#: words of all names (a text position whose word starts no name and spells none is skipped).
Table = tuple[list[tuple[str, str, str, int]], dict[str, int | tuple[int, ...]], frozenset[str]]


def symbol_shaped(name: str) -> bool:
    """A short code written with capitals past its first letter ("ALL", "CaN", "NF-kB", "IL6")."""
    shape = shape_of(name)
    if not shape or len(shape) > 8 or " " in name.strip():
        return False
    return shape[1:] != shape[1:].lower() or (any(c.isdigit() for c in shape) and len(shape) <= 5)


def compile_terms(
    terms: Iterable[Term], rules: Mapping[str, Any], equivalents: Mapping[str, str] | None = None
) -> Table:
    """Compile term rows into the key table (pure; the cache stores its result).

    ``equivalents`` maps ids of one vocabulary to those of another (MeSH -> HGNC/ChEBI); it only
    orders the candidates of ambiguous names.
    """
    priority = {name: i for i, name in enumerate(rules.get("priority", ()))}
    min_len = int(rules.get("min_key_length", 3))
    common = set(rules.get("common", ()))
    rows: list[tuple[str, str, str, int]] = []
    row_of: dict[str, int] = {}
    table: dict[str, Any] = {}
    firsts: set[str] = set()
    for term in terms:
        key = key_of(term.name)
        if len(key) < min_len or key.isdigit() or key in common:
            continue
        rank = priority.get(term.source, len(priority))
        idx = row_of.get(term.curie)
        if idx is None and term.source == "famplex_map" and not term.curie.startswith(("FPLX:", "HGNC:")):
            continue  # the map points at an id the kept vocabularies leave out (a role, an obsolete id)
        if idx is None:
            idx = row_of[term.curie] = len(rows)
            rows.append((term.curie, term.label, term.entity_type, rank))
        elif rank < rows[idx][3] or (
            term.name == term.label and rows[idx][1] != term.label and term.source != "famplex"
        ):
            rows[idx] = (term.curie, term.label, term.entity_type, min(rank, rows[idx][3]))
        spaced = any(ch.isspace() for ch in term.name.strip())
        code = idx * 4 + (1 if term.symbol or symbol_shaped(term.name) else 0) + (2 if spaced else 0)
        words = [w.casefold() for w in TOKEN.findall(fold(term.name))[:3]]
        for k in range(1, len(words) + 1):  # a text may write the first words as one ("GABAA")
            firsts.add("".join(words[:k]))
        have = table.get(key)
        if have is None:
            table[key] = code
        elif isinstance(have, int):
            if have // 4 == idx:
                table[key] = _merge_codes(have, code)
            else:
                table[key] = (have, code)
        elif all(c // 4 != idx for c in have):
            table[key] = (*have, code)
        else:
            table[key] = tuple(_merge_codes(c, code) if c // 4 == idx else c for c in have)
    _prefer_agreed(rows, table, equivalents or {})
    return rows, table, frozenset(firsts)


def _merge_codes(a: int, b: int) -> int:
    """One id written two ways under one key: a plain name beats a symbol, a spaced name a closed one."""
    idx = a // 4
    symbol = (a & 1) and (b & 1)
    spaced = (a & 2) or (b & 2)
    return idx * 4 + (1 if symbol else 0) + (2 if spaced else 0)


def _prefer_agreed(
    rows: list[tuple[str, str, str, int]], table: dict[str, Any], equivalents: Mapping[str, str]
) -> None:
    """Where one name has several candidates, put first those another vocabulary agrees on.

    "COX-2" is an alias of two genes, and a MeSH entry term of a descriptor that MeSH's own mapping
    ties to one of them: that gene is put first among its equals.
    """
    for key, codes in table.items():
        if isinstance(codes, int):
            continue
        ids = {rows[c // 4][0] for c in codes}
        agreed = {equivalents[i] for i in ids if i in equivalents} & ids
        if agreed:
            table[key] = tuple(sorted(codes, key=lambda c: rows[c // 4][0] not in agreed))


def _build(folder: Path, rules: Mapping[str, Any], stamp: str, path: Path, say: Callable[[str], None]) -> Table:
    say(f"compiling the grounding index from {folder} (once; cached in {path})")
    table = compile_terms(vocabulary_terms(folder, dict(rules)), rules, mesh_equivalents(folder))
    payload = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
    header = _MAGIC + stamp.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".grounding-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(header)
            fh.write(payload)
        os.replace(tmp, path)
    except OSError as exc:
        say(f"warning: could not write the grounding cache {path}: {exc}; it will be compiled again next time")
    return table


def _read_cache(path: Path, stamp: str, say: Callable[[str], None]) -> Table | None:
    try:
        with path.open("rb") as fh:
            magic = fh.readline()
            got_stamp = fh.readline().strip().decode("ascii", "replace")
            digest = fh.readline().strip().decode("ascii", "replace")
            payload = fh.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        say(f"grounding cache {path} unreadable ({exc}); rebuilding it")
        return None
    if magic != _MAGIC:
        say(f"grounding cache {path} is not a mechkg index; replacing it")
        return None
    if got_stamp != stamp:
        say(f"grounding cache {path} is stale (vocabularies or rules changed); rebuilding it")
        return None
    if hashlib.sha256(payload).hexdigest() != digest:
        say(f"grounding cache {path} is corrupt (checksum mismatch); replacing it")
        return None
    try:
        table: Table = pickle.loads(payload)
    except Exception:
        say(f"grounding cache {path} is corrupt; replacing it")
        return None
    return table


class GroundingIndex:
    """Finds vocabulary names in text; curated entities (an overlay) win over the vocabularies."""

    def __init__(self, table: Table, rules: Mapping[str, Any], curated: Mapping[str, Sequence[str]] | None = None):
        self.rows, self.table, self.firsts = table
        self.ambiguous = frozenset(rules.get("ambiguous", ()))
        self.any_case_above = int(rules.get("symbol_any_case_above", 6))
        self.sources = tuple(rules.get("priority", ()))
        self._by_id: dict[str, int] | None = None
        self.amino_acids = {str(k): str(v) for k, v in (rules.get("amino_acids") or {}).items() if len(str(k)) == 1}
        cues = [str(c) for c in rules.get("peptide_cues") or ()]
        #: Words that say a page speaks of peptides: without them, a two- or three-letter name in
        #: one-letter codes ("LDL", "CNS") is an acronym, not a peptide (see ``short_peptide``).
        self.peptide_cues = re.compile("|".join(cues), re.IGNORECASE) if cues else None
        words = [str(w) for w in rules.get("instrument_words", ())]
        self.instrument_words = (
            re.compile(r"[\s-]{0,2}(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
            if words
            else None
        )
        self.curated: dict[str, tuple[str, str, str]] = {}
        self.curated_firsts: set[str] = set()
        #: The first _HEAD characters of every key (vocabularies and curated names).
        self.heads: set[str] = {k[:_HEAD] for k in self.table if len(k) >= _HEAD}
        self._absent: set[str] = set()  # keys none of whose variants is a name (plurals met in text)
        self.overlay(curated or {})

    def overlay(self, curated: Mapping[str, Sequence[str]]) -> None:
        """Add curated entities: ``{id: (label, type, name, name, …)}``; their names win."""
        self._absent.clear()
        for curie, (label, etype, *names) in curated.items():
            for name in (label, *names):
                key = key_of(name)
                if key:
                    self.curated.setdefault(key, (curie, label, etype))
                    if len(key) >= _HEAD:
                        self.heads.add(key[:_HEAD])
                    words = [w.casefold() for w in TOKEN.findall(fold(name))[:3]]
                    self.curated_firsts.update("".join(words[:k]) for k in range(1, len(words) + 1))

    def _candidates(
        self, key: str, shape: str, caps_line: bool, spaced: bool = False
    ) -> list[tuple[int, tuple[str, str, str, int]]]:
        have = self.table.get(key)
        if have is None:
            return []
        codes = (have,) if isinstance(have, int) else have
        out = []
        for pos, code in enumerate(codes):
            row = self.rows[code // 4]
            if code & 1 and (spaced or not self._symbol_ok(key, shape, caps_line)):
                continue  # a symbol is one written word ("NF-κB"), never words apart ("as B")
            if spaced and not code & 2:
                continue  # words written apart only spell a name that is written apart too
            out.append((pos, row))
        return out

    def _symbol_ok(self, key: str, shape: str, caps_line: bool) -> bool:
        if key in self.ambiguous:  # an English word too: only as no word is written ("CAMP", "cAMP")
            return (shape.isupper() or _lower_then_caps(shape)) and not caps_line
        if len(key) > self.any_case_above:
            return True
        return shape != shape.lower() or any(c.isdigit() for c in shape)  # "Akt", "mTOR", "p53"

    def row(self, curie: str) -> tuple[str, str, str, int] | None:
        """The (curie, label, type, rank) row of an id, or None (an id-to-row map is made on first use)."""
        if self._by_id is None:
            self._by_id = {r[0]: i for i, r in enumerate(self.rows)}
        i = self._by_id.get(curie)
        return self.rows[i] if i is not None else None

    def short_peptide(self, surface: str, label: str) -> bool:
        """Is this a two- or three-letter name read in one-letter codes ("GHK" for Gly-His-Lys)?"""
        return 2 <= len(surface) <= 3 and surface.isupper() and bool(_SEQUENCE_LABEL.fullmatch(label))

    def _peptide(self, text: str, span: tuple[int, int], offset: int) -> tuple[int, Hit] | None:
        """A short peptide in one-letter codes ("GHK", "KE") grounded by its three-letter form; two
        letters that read as a roman numeral, end a hyphenated name or label a variant are none."""
        if not 2 <= span[1] - span[0] <= 6:
            return None
        word = text[span[0] : span[1]]
        if len(word) == 2 and (
            set(word) <= set("IVXLCDM") or text[span[0] - 1 : span[0]] == "-" or text[span[1] : span[1] + 1] == "/"
        ):
            return None  # "LC3-II", "MI", "HI/6": a numeral, the end of a name, a label
        if not word.isupper() or not self.amino_acids or not all(c in self.amino_acids for c in word):
            return None
        key = "".join(self.amino_acids[c] for c in word).casefold()
        have = self.table.get(key)
        if have is None:
            return None
        code = have if isinstance(have, int) else have[0]
        row = self.rows[code // 4]
        return -1, Hit(span[0] + offset, span[1] + offset, row[0], row[1], row[2], self._source(row[3]))

    def _instrument_after(self, text: str, end: int) -> bool:
        """A gene-like symbol named as a scale or test ("ADAS-cog", "CARS score") is no gene."""
        return bool(self.instrument_words) and bool(self.instrument_words.match(text, end))

    def _source(self, rank: int) -> str:
        return self.sources[rank] if rank < len(self.sources) else ""

    def lookup(self, name: str) -> list[tuple[str, str, str]]:
        """Every (curie, label, type) a written name grounds to, best first (a curated id first)."""
        key = key_of(name)
        out = [self.curated[key]] if key in self.curated else []
        cands = self._candidates(key, shape_of(name), caps_line=False)
        cands.sort(key=lambda c: (c[1][3], c[0], c[1][0]))
        out += [(row[0], row[1], row[2]) for _, row in cands if row[0] not in {o[0] for o in out}]
        return out

    def _variants(self, key: str) -> list[str]:
        """The key and its singular forms ("cytokines", "therapies", "boxes")."""
        out = [key]
        if len(key) > 4 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
            if key.endswith("ies"):
                out.append(key[:-3] + "y")
            elif key.endswith(("ses", "xes", "zes", "ches", "shes")):
                out.append(key[:-2])
            out.append(key[:-1])
        return out

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Longest vocabulary names in ``text``, left to right, not overlapping (offsets + ``offset``).

        No name runs across a line break, so a long text is read in blocks of whole lines: the
        same hits, with the per-word work held to one block at a time.
        """
        if len(text) <= BLOCK:
            return self._by_siblings(self._find_block(text, offset))
        hits: list[Hit] = []
        start = 0
        while start < len(text):
            end = text.find("\n", start + BLOCK)
            end = len(text) if end == -1 else end + 1
            hits.extend(self._by_siblings(self._find_block(text[start:end], offset + start)))
            start = end
        return hits

    def _by_siblings(self, hits: list[Hit]) -> list[Hit]:
        """An alias several genes share takes the one whose symbol is a sibling of a gene named beside
        it without doubt (one id, or FamPlex's curated grounding map): "COX-1 and COX-2" are PTGS1 and
        PTGS2, not MT-CO1 (symbols differing only in their final number or letter are siblings)."""
        if not any(h.alternatives for h in hits):
            return hits
        fixed = [h for h in hits if not h.alternatives or h.source in _DECIDED]
        stems = Counter(_stem(h.label) for h in fixed if h.curie.startswith("HGNC:"))
        out = []
        for h in hits:
            open_choice = h.alternatives and h.source not in _DECIDED
            if open_choice and h.curie.startswith("HGNC:") and not stems[_stem(h.label)]:
                rows = [r for a in h.alternatives if a.startswith("HGNC:") and (r := self.row(a)) is not None]
                fits = [r for r in rows if stems[_stem(r[1])] >= 1]
                if len(fits) == 1:
                    r = fits[0]
                    alts = tuple(sorted({*h.alternatives, h.curie} - {r[0]}))
                    h = Hit(h.start, h.end, r[0], r[1], r[2], self._source(r[3]), alts)
            out.append(h)
        return out

    def _find_block(self, text: str, offset: int) -> list[Hit]:
        spans = [m.span() for m in TOKEN.finditer(text)]
        folded = [fold(text[s:e]) for s, e in spans]
        keys = [f.casefold() for f in folded]  # casefold works letter by letter: a window's key joins these
        # the text between token t and token t+1: may it join one name, and is it a space?
        seps = [text[spans[t][1] : spans[t + 1][0]] for t in range(len(spans) - 1)]
        joins = [sep in _JOINING for sep in seps]
        spacey = [sep in _SPACED for sep in seps]  # read only where the tokens join
        caps_line = _caps_lines(text)
        hits: list[Hit] = []
        windows: list[tuple[int, bool]] = []  # (last token, written apart) of the windows that may spell a name
        i, n = 0, len(spans)
        firsts, curated_firsts, table, curated = self.firsts, self.curated_firsts, self.table, self.curated
        heads = self.heads
        while i < n:
            best: tuple[int, Hit] | None = None
            key = ""
            spaced = False
            word = keys[i]
            last = i + MAX_TOKENS if word in firsts or word in curated_firsts else i + 1
            for j in range(i, min(n, last)):
                if j > i:
                    if not joins[j - 1]:
                        break
                    if len(key) >= _HEAD + 2 and key[:_HEAD] not in heads:
                        break  # every longer key, and its singulars, begins so: no name does
                    spaced = spaced or spacey[j - 1]
                key += keys[j]
                if j > i and folded[j] == "s" and seps[j - 1] in ("'", "\u2019"):
                    continue  # a possessive ending ("Curcumin's") is not part of a name
                if (
                    key not in table
                    and key not in curated
                    and not (key[-1:] == "s" and len(key) > 4 and self._plural(key))
                ):
                    continue  # the common case: no name spelled here, nothing to check
                windows.append((j, spaced))
            while windows and best is None:  # the longest window that spells a name wins
                j, spaced = windows.pop()
                hit = self._hit("".join(folded[i : j + 1]), spans[i][0], spans[j][1], caps_line, offset, spaced)
                if hit is not None and not (
                    hit.entity_type == "protein"
                    and (self._instrument_after(text, spans[j][1]) or _charged(text, spans[i][0], spans[j][1]))
                ):
                    best = (j, hit)
            windows.clear()
            if best is None and 2 <= spans[i][1] - spans[i][0] <= 6:
                best = self._peptide(text, spans[i], offset)
            if best is None:
                i += 1
            else:
                hits.append(best[1])
                i = max(best[0], i) + 1
        return self._coordinated(text, spans, folded, hits, offset)

    def _coordinated(
        self, text: str, spans: list[tuple[int, int]], folded: list[str], hits: list[Hit], offset: int
    ) -> list[Hit]:
        """Names that share a head across "and"/"or": "lung and kidney diseases" names lung diseases
        and kidney diseases, "reactive oxygen and nitrogen species" two kinds of reactive species.

        For each coordinator, a left item (one or two words, with an optional shared modifier before
        it) and a right item (one or two words) are tried with the one or two words after the right
        item as their shared head; both must spell names. The two items replace the hits they cover.
        """
        n = len(spans)
        extra: list[Hit] = []
        for k in range(1, n - 2):
            if folded[k].lower() not in ("and", "or"):
                continue
            found = self._shared_head(text, spans, folded, k, offset)
            if found:
                extra.extend(found)
        if not extra:
            return hits
        extra.sort(key=lambda h: h.start)
        starts = [h.start for h in extra]
        kept = []
        for h in hits:  # a hit the two items cover gives way to them
            k = bisect.bisect_left(starts, h.end)
            if k and extra[k - 1].end > h.start:
                continue
            kept.append(h)
        return sorted([*kept, *extra], key=lambda h: h.start)

    def _shared_head(
        self, text: str, spans: list[tuple[int, int]], folded: list[str], k: int, offset: int
    ) -> list[Hit] | None:
        def plain(a: int, b: int) -> bool:  # tokens a..b joined by a space, hyphen or apostrophe
            return all(text[spans[t][1] : spans[t + 1][0]] in (" ", "-", "'", "\u2019") for t in range(a, b))

        def name(a: int, b: int, head: str) -> Hit | None:
            return self._hit("".join(folded[a:b]) + head, spans[a][0], spans[b - 1][1], False, offset, True)

        n = len(spans)
        if text[spans[k - 1][1] : spans[k][0]] != " " or text[spans[k][1] : spans[k + 1][0]] != " ":
            return None
        for right_len in (1, 2):
            for head_len in (1, 2):
                r0, h0, h1 = k + 1, k + 1 + right_len, k + 1 + right_len + head_len
                if h1 > n or not plain(r0, h1 - 1):
                    continue
                head = "".join(folded[h0:h1])
                for left_len in (1, 2):
                    l0 = k - left_len
                    if l0 < 0 or not plain(l0, k - 1):
                        continue
                    for m0 in (l0, l0 - 1):  # "reactive oxygen and nitrogen species": a shared modifier
                        if m0 < 0 or not plain(m0, k - 1):
                            continue
                        left = name(m0, k, head)
                        if left is None:
                            continue
                        modifier = "".join(folded[m0:l0])
                        right = self._hit(
                            modifier + "".join(folded[r0:h1]), spans[r0][0], spans[h1 - 1][1], False, offset, True
                        )
                        if right is not None:
                            return [left, right]
        return None

    def _plural(self, key: str) -> bool:
        """May a key ending in "s" spell a name in the singular (else it is remembered as absent)?"""
        if key in self._absent:
            return False
        if any(v in self.table or v in self.curated for v in self._variants(key)):
            return True
        self._absent.add(key)
        return False

    def _hit(
        self, shape: str, start: int, end: int, caps_line: bool | Callable[[int], bool], offset: int, spaced: bool
    ) -> Hit | None:
        key = shape.casefold()
        if key in self._absent:
            return None
        present = False
        for variant in self._variants(key):
            if variant in self.curated:
                curie, label, etype = self.curated[variant]
                return Hit(start + offset, end + offset, curie, label, etype, "curated")
            if variant not in self.table:
                continue
            present = True
            caps = caps_line(start) if callable(caps_line) else caps_line
            cands = self._candidates(variant, shape, caps, spaced)
            if cands:
                # "cAMP", "cGMP": a small letter before capitals writes a chemical, not a gene symbol
                chemical_first = _lower_then_caps(shape)
                cands.sort(key=lambda c: (chemical_first and c[1][2] != "chemical", c[1][3], c[0], c[1][0]))
                row = cands[0][1]
                alts = tuple(sorted({r[0] for _, r in cands[1:]} - {row[0]}))
                return Hit(start + offset, end + offset, row[0], row[1], row[2], self._source(row[3]), alts)
        if not present:
            self._absent.add(key)
        return None


#: Sources whose choice among several ids is a decision, not a default: curated names and FamPlex's
#: grounding map (written for text mining).
_DECIDED = frozenset({"curated", "famplex_map"})


#: The label of a peptide written as its residues' three-letter codes ("Gly-His-Lys").
_SEQUENCE_LABEL = re.compile(r"[A-Z][a-z]{2}(?:-[A-Z][a-z]{2}){1,5}")


def _stem(symbol: str) -> str:
    """A gene symbol without its final number or letter ("PTGS2" -> "PTGS", "IL1B" -> "IL1")."""
    return re.sub(r"(?:\d+[A-Z]?|[A-Z])$", "", symbol) or symbol


def _lower_then_caps(shape: str) -> bool:
    """A small letter, then only capitals and digits: "cAMP", "cGMP" (never an English word)."""
    return len(shape) >= 3 and shape[0].islower() and shape[1:].isupper()


def _charged(text: str, start: int, end: int) -> bool:
    """A short name with a digit and a charge after it ("Ca2+", "Zn2+") writes an ion, not a gene."""
    return end - start <= 3 and text[end - 1 : end].isdigit() and text[end : end + 1] in ("+", "⁺")


def _caps_lines(text: str) -> Callable[[int], bool]:
    """A test of whether the line holding a position is written all in capitals (a banner)."""
    cache: dict[int, bool] = {}

    def test(pos: int) -> bool:
        start = text.rfind("\n", 0, pos) + 1
        if start not in cache:
            end = text.find("\n", pos)
            line = text[start : end if end >= 0 else len(text)]
            if line.isascii() and line != line.upper():
                cache[start] = False  # the common case: a small letter
            else:
                letters = [c for c in line if c.isalpha()]
                cache[start] = len(letters) >= 6 and all(c.isupper() for c in letters)
        return cache[start]

    return test


def load_index(
    ontology: Path | None = None,
    curated: Mapping[str, Sequence[str]] | None = None,
    say: Callable[[str], None] | None = None,
    resources: Path | None = None,
) -> GroundingIndex:
    """Load the cached index (compiling it first when missing, stale or corrupt)."""
    say = say or (lambda msg: print(msg, file=sys.stderr))
    rules = read_rules((ontology or Path("ontology")) / "grounding")
    folder = resources or resources_folder()
    stamp = _stamp(folder, rules)
    path = cache_path()
    table = _read_cache(path, stamp, say)
    if table is None:
        table = _build(folder, rules, stamp, path, say)
    return GroundingIndex(table, rules, curated)
