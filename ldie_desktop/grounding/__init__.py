"""Grounding: from the words a local edit attends to ("the sky", "the boy on the left",
"everything but the dog") to the layer's mask. Qt-free; torch is not needed.

Proposals come from three small vendored models (MediaPipe selfie segmentation, U²-Net-p,
NanoDet-m; see ``models/grounding/README.md``) and classical rules (sky, the rest); the matcher
is plain rules over their labels and position cues; masks are refined to the photo's edges and
shaped for the operation.
"""

from .grounder import Grounder, Grounding
from .matcher import MIN_SCORE, Query, Term, parse, select
from .proposal import Cues, Proposal, Proposals
from .proposals import PROXY_SIDE, Sources, build_proposals

__all__ = [
    "Cues", "Grounder", "Grounding", "MIN_SCORE", "PROXY_SIDE", "Proposal", "Proposals", "Query", "Sources",
    "Term", "build_proposals", "parse", "select",
]
