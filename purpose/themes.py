"""Themes across teams in the "what asks for adjustment" answers (the managers'
resonance view on the promise dashboard).

No library: an answer's significant words are its words of at least four letters that
are not Dutch or English stop words; a plural ("roosters", "formulieren") counts as its
singular when the singular occurs too. A theme is a word raised by at least two teams.
Themes are picked greedily: the word most teams raise takes its answers, then the next
among the answers left, so each answer shows under one theme; what no other team
raises is listed apart. Pure Python over answers already fetched: no queries.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

#: Words too common to be a theme (Dutch and English), and words every answer on
#: working in a team shares.
STOP_WORDS = frozenset(
    """
    aan achter adjustment alle alleen alles als altijd ander andere anders bij binnen
    daar daarom dan dat deze die dit doen door dus echter een eens eigen elke en er
    geen geweest goed graag haar had hebben heeft hem het hier hij hoe hun iedereen
    iets ieder ik in is je jij kan komen kon kunnen laat laten maar maken meer meest
    men met mijn minder moet moeten naar niet niets nog nu of om omdat onder ons onze
    ook op over steeds te tegen toch tot twee uit van veel voor vaak want waar wanneer
    was wat we weer wel werd wie wij wil willen worden wordt zal ze zelf zich zij zijn
    zo zodat zonder zou zouden team teams
    about above after again against also always another because been before being
    below between both but cannot could does doing done down during each every
    from further have having here into just like more most much must need needs
    only other ought over same should some such than that their them then there
    these they this those through under until very want were what when where which
    while whom will with within would your yours
    """.split()
)

MIN_WORD = 4
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Theme:
    word: str
    teams: list = field(default_factory=list)
    answers: list = field(default_factory=list)

    @property
    def team_count(self) -> int:
        return len(self.teams)


def significant_words(text: str) -> set[str]:
    return {
        w
        for w in (m.group(0).lower() for m in _WORD.finditer(text or ""))
        if len(w) >= MIN_WORD and w not in STOP_WORDS
    }


def _singular(words: set[str], vocabulary: set[str]) -> set[str]:
    out = set()
    for w in words:
        for suffix in ("en", "s"):
            stem = w[: -len(suffix)]
            if w.endswith(suffix) and len(stem) >= MIN_WORD and stem in vocabulary:
                w = stem
                break
        out.add(w)
    return out


def adjustment_themes(answers, *, team_of, text_of, limit: int = 8):
    """Group ``answers`` into themes raised by at least two teams.

    ``team_of(answer)`` is the answer's team (anything hashable that prints as its
    name), ``text_of(answer)`` its text.
    Returns ``(themes, rest)``: themes with most teams first, and the answers no
    theme took (raised by one team only, or beyond ``limit`` themes).
    """
    raw = [(answer, significant_words(text_of(answer))) for answer in answers]
    vocabulary = set().union(*(words for _, words in raw)) if raw else set()
    remaining = [(a, _singular(words, vocabulary)) for a, words in raw]
    themes: list[Theme] = []
    while remaining and len(themes) < limit:
        teams_by_word: dict[str, set] = defaultdict(set)
        answers_by_word: dict[str, int] = defaultdict(int)
        for answer, words in remaining:
            for w in words:
                teams_by_word[w].add(team_of(answer))
                answers_by_word[w] += 1
        candidates = [w for w, teams in teams_by_word.items() if len(teams) >= 2]
        if not candidates:
            break
        best = min(
            candidates,
            key=lambda w: (-len(teams_by_word[w]), -answers_by_word[w], w),
        )
        taken = [a for a, words in remaining if best in words]
        remaining = [(a, words) for a, words in remaining if best not in words]
        themes.append(
            Theme(
                word=best,
                teams=sorted(teams_by_word[best], key=str),
                answers=taken,
            )
        )
    return themes, [a for a, _ in remaining]
