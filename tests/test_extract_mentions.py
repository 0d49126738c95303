"""kg.extract.mentions: the mentions of a statement refined (here: the compound's written name)."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.mentions import name_mentions


def test_the_written_name_of_the_compound_wins_over_names_inside_it(reader_ex: Extractor) -> None:
    texts = ["Alpha-GPC raised acetylcholine."]
    [mentions] = name_mentions(texts, [reader_ex.matcher.find(texts[0])], "alpha-GPC", "MESH:D005997")
    assert (mentions[0].surface, mentions[0].entity) == ("Alpha-GPC", "MESH:D005997")
