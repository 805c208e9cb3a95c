"""While a member types an idea, the existing ideas of the roadmap that look alike
(Fider/Canny's "similar posts"), so they vote for one instead of proposing it twice.

Matching is deliberately simple and fixed in cost: the meaningful words of what was
typed (at most :data:`MAX_WORDS`), each looked up in titles and descriptions of the
ideas the viewer may see, in one query, ranked in Python by how many words match
(a title match counts double).
"""

from __future__ import annotations

import re

from django.db.models import Q

from .models import IdeaProposal, RoadmapPage
from .selectors import proposals_visible

MIN_WORD = 4
MAX_WORDS = 8
#: Candidates read before ranking; the page shows at most ``limit`` of them.
CANDIDATES = 50
#: Common Dutch and English words that say nothing about an idea.
STOPWORDS = frozenset(
    """
    voor door over naar niet maar ook meer alle onze jullie worden wordt kunnen
    zou zouden moet moeten graag iets veel deze dit dat zijn hebben heeft bij
    with that this from have more some into what when them they their there
    about would could should your will make idea idee
    """.split()
)
WORD = re.compile(r"\w+", re.UNICODE)


def meaningful_words(text: str) -> list[str]:
    """The distinct words worth matching, in the order typed."""
    words: list[str] = []
    for word in WORD.findall((text or "").lower()):
        if len(word) >= MIN_WORD and word not in STOPWORDS and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def similar_ideas(*, user, roadmap: RoadmapPage, text: str, limit: int = 5) -> list:
    """Open ideas (and ideas that became items) of ``roadmap`` the viewer may see
    whose title or description shares words with ``text``; best match first."""
    words = meaningful_words(text[:300])
    if not words:
        return []
    matches = Q()
    for word in words:
        matches |= Q(title__icontains=word) | Q(description__icontains=word)
    candidates = list(
        proposals_visible(user, roadmap)
        .filter(
            matches,
            state__in=[IdeaProposal.State.OPEN, IdeaProposal.State.CONVERTED],
        )
        .order_by("-created_at", "-pk")[:CANDIDATES]
    )

    def score(idea) -> tuple:
        title, description = idea.title.lower(), idea.description.lower()
        points = sum(2 * (w in title) + (w in description) for w in words)
        return (-points, -idea.vote_count, idea.pk)

    return sorted(candidates, key=score)[:limit]
