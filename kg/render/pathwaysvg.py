"""The report's pathway diagrams: each drawn with Graphviz from :func:`kg.render.diagram.to_dot` and
made embeddable as inline SVG, or the reason it could not be."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import RenderError
from kg.model import (
    KnowledgeBase,
    slug,
)
from kg.pathway import Pathway, pathway_claims
from kg.render.diagram import to_dot
from kg.render.styles import DOT_EDGE_LIMIT

if TYPE_CHECKING:
    import pydot

__all__ = [
    "INSTALL_HINT",
    "Diagram",
    "draw_pathways",
    "embeddable_svg",
    "svg_text",
]

INSTALL_HINT = "Install Graphviz (Debian: apt-get install graphviz, or run `make setup`) and build the report again."


@dataclass(frozen=True)
class Diagram:
    """One pathway diagram for the report: embeddable SVG, or the reason it could not be drawn."""

    pathway: Pathway
    claims: int
    svg: str | None
    problem: str = ""


def svg_text(dot: pydot.Dot) -> str:
    """Draw a diagram with Graphviz and return the SVG text; RenderError when Graphviz is missing."""
    engine = "dot" if len(dot.get_edges()) <= DOT_EDGE_LIMIT else "sfdp"
    binary = shutil.which(engine)
    if binary is None:
        raise RenderError(f"Graphviz '{engine}' was not found, so this diagram could not be drawn. {INSTALL_HINT}")
    result = subprocess.run(
        [binary, "-Tsvg"], input=dot.to_string().encode("utf-8"), capture_output=True, check=False, timeout=600
    )
    if result.returncode != 0:
        raise RenderError(f"Graphviz failed: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout.decode("utf-8")


def embeddable_svg(svg: str, prefix: str) -> str:
    """SVG text ready to sit inside HTML: no XML prolog, DOCTYPE or comments; ids made unique.

    Graphviz numbers its ids (``node1``, ``edge1``…) afresh in every drawing, so each is given
    ``prefix`` to keep the ids of several diagrams in one page distinct.
    """
    start = svg.find("<svg")
    if start < 0:
        raise RenderError("Graphviz returned no SVG element")
    body = re.sub(r"<!--.*?-->\s*", "", svg[start:], flags=re.DOTALL).strip()
    body = re.sub(r'\bid="', f'id="{prefix}', body)
    return body.replace('href="#', f'href="#{prefix}').replace("url(#", f"url(#{prefix}")


def draw_pathways(
    kb: KnowledgeBase, pathways: Sequence[Pathway], draw: Callable[[pydot.Dot], str] = svg_text
) -> list[Diagram]:
    """Draw every pathway that has claims; a RenderError becomes the diagram's ``problem``."""
    diagrams = []
    for pathway in pathways:
        claims = pathway_claims(kb, pathway)
        if not claims:
            diagrams.append(Diagram(pathway, 0, None, "No claims fall in this pathway."))
            continue
        try:
            svg = embeddable_svg(draw(to_dot(kb, claims, pathway.label, list(pathways))), slug(pathway.id, "x") + "-")
        except RenderError as exc:
            diagrams.append(Diagram(pathway, len(claims), None, str(exc)))
            continue
        diagrams.append(Diagram(pathway, len(claims), svg))
    return diagrams
