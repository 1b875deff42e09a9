"""A syndication test set: real article texts and the copies, re-fetches and updates partners make of them.

Each base story yields the page as its agency published it and what happens to it downstream: an exact
re-fetch, a re-fetch with different typography, the same URL with tracking parameters, copies on partner
sites (another headline, a site footer, the last paragraphs dropped, two paragraphs swapped and a number
changed, all of these at once, a heavy rewrite touching every paragraph), the agency's updates with one
and two new paragraphs, and a paywall stub. Every story is the negative of every other, including
same-topic stories written separately.

Pure: texts in, variants out; the loaders at the bottom read files.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from parsers.similarity.fingerprint import words

EXPECT_NOTHING = "nothing"
"""The variant must add no article and no version (re-fetches)."""


@dataclass(frozen=True)
class BaseStory:
    key: str
    url: str
    headline: str
    paragraphs: tuple[str, ...]
    later_paragraphs: tuple[str, ...] = ()
    """Paragraphs the agency adds in its updates (held back from the first version)."""


@dataclass(frozen=True)
class Variant:
    story: str
    kind: str
    url: str
    headline: str
    paragraphs: tuple[str, ...]
    expected: str
    """'original', 'copy', 'update', 'stub' (its own story: never fuzzy-matched) or EXPECT_NOTHING."""


@dataclass(frozen=True)
class Partner:
    domain: str
    footer: str


PARTNERS = (
    Partner(
        "dailyherald.example",
        "Sign up for our free morning newsletter to get the day's top stories "
        "delivered straight to your inbox before breakfast, every weekday.",
    ),
    Partner(
        "abendblatt.example",
        "Dieser Artikel wurde automatisch aus dem Angebot einer Nachrichtenagentur "
        "übernommen und von der Redaktion nicht bearbeitet oder geprüft.",
    ),
    Partner(
        "noticias.example",
        "Suscríbete a nuestro boletín para recibir cada mañana las noticias más "
        "importantes del día en tu correo electrónico, sin coste alguno.",
    ),
    Partner(
        "citypost.example",
        "Copyright 2024 The City Post. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed without permission.",
    ),
    Partner(
        "regional.example",
        "Have a story you think we should cover? Send your tips and photos to our "
        "newsroom by email or through the contact form on our website.",
    ),
)
PAYWALL_PITCH = "Subscribe to continue reading this article and get unlimited access to our journalism."
_NUMBER = re.compile(r"\d+")
_SENTENCE = re.compile(r"[^.!?。！？]+[.!?。！？]*")


def _partner_url(partner: Partner, story: BaseStory, kind: str) -> str:
    return f"https://www.{partner.domain}/news/{story.key.replace('/', '-').lower()}-{kind}"


def _agency_url(story: BaseStory, suffix: str) -> str:
    """Another page of the agency's site: the story's path with a suffix, no query or fragment."""
    parts = urlsplit(story.url)
    return urlunsplit((parts.scheme, parts.netloc, f"{parts.path.rstrip('/')}-{suffix}", "", ""))


def _change_number(paragraphs: list[str], rng: random.Random) -> None:
    """Change one number in the text, as an editor converting units or correcting a toll would."""
    with_numbers = [i for i, p in enumerate(paragraphs) if _NUMBER.search(p)]
    if not with_numbers:
        return
    i = rng.choice(with_numbers)
    paragraphs[i] = _NUMBER.sub(lambda m: str(int(m.group()) + 7), paragraphs[i], count=1)


def _swap_two(paragraphs: list[str], rng: random.Random) -> None:
    if len(paragraphs) >= 3:
        i = rng.randrange(1, len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]


def _trimmed(paragraphs: tuple[str, ...], rng: random.Random) -> list[str]:
    """The last 1–3 paragraphs dropped, keeping at least two thirds of a short story."""
    drop = min(rng.randint(1, 3), max(1, len(paragraphs) // 3))
    return list(paragraphs[: len(paragraphs) - drop]) if len(paragraphs) > 1 else list(paragraphs)


def _rewritten(paragraphs: tuple[str, ...], rng: random.Random) -> list[str]:
    """A heavy edit: no paragraph left intact. Long paragraphs lose their last sentence, pairs of
    paragraphs are run together, two numbers change and the last paragraph goes."""
    shortened = []
    for paragraph in paragraphs[:-1] if len(paragraphs) > 2 else paragraphs:
        sentences = [s.strip() for s in _SENTENCE.findall(paragraph) if s.strip()]
        shortened.append(" ".join(sentences[:-1] if len(sentences) >= 3 else sentences))
    joined = [" ".join(shortened[i : i + 2]) for i in range(0, len(shortened), 2)]
    _change_number(joined, rng)
    _change_number(joined, rng)
    return joined


def _straight_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("—", "-")


def copies(story: BaseStory, rng: random.Random) -> list[Variant]:
    """The partner copies: each on its own partner site, labelled 'copy'."""
    partner = rng.sample(PARTNERS, 5)
    paras = story.paragraphs
    swapped = list(paras)
    _swap_two(swapped, rng)
    _change_number(swapped, rng)
    combined = _trimmed(paras, rng)
    _swap_two(combined, rng)
    _change_number(combined, rng)
    combined.append(partner[4].footer)
    made = [
        ("retitled", partner[0], f"{story.headline} (updated headline)", list(paras)),
        ("footer", partner[1], story.headline, [*paras, partner[1].footer]),
        ("trimmed", partner[2], story.headline, _trimmed(paras, rng)),
        ("swapped", partner[3], story.headline, swapped),
        ("combined", partner[4], f"Partner: {story.headline}", combined),
        ("rewritten", partner[0], f"{story.headline}, reports say", _rewritten(paras, rng)),
    ]
    return [
        Variant(story.key, kind, _partner_url(site, story, kind), headline, tuple(body), "copy")
        for kind, site, headline, body in made
    ]


def refetches(story: BaseStory) -> list[Variant]:
    """The agency page fetched again: byte-equal, with straightened quotes, with tracking parameters."""
    original = Variant(story.key, "original", story.url, story.headline, story.paragraphs, "original")
    tracked = story.url.replace("https://", "HTTPS://", 1).split("#")[0]
    host_end = tracked.index("/", len("HTTPS://"))
    tracked = f"{tracked[:host_end]}:443{tracked[host_end:]}"
    tracked += ("&" if "?" in tracked else "?") + "utm_source=twitter&utm_medium=social&fbclid=IwAR0x#comments"
    straight = tuple(_straight_quotes(p) for p in story.paragraphs)
    return [
        original,
        replace(original, kind="refetch", expected=EXPECT_NOTHING),
        replace(original, kind="refetch-typography", paragraphs=straight, expected=EXPECT_NOTHING),
        replace(original, kind="tracking-url", url=tracked, expected=EXPECT_NOTHING),
    ]


def updates(story: BaseStory) -> list[Variant]:
    """The agency's own updates on a new URL: one, then two new paragraphs (the second near the top)."""
    if len(story.later_paragraphs) < 2:
        return []
    first, second = story.later_paragraphs[:2]
    one = (*story.paragraphs, first)
    two = (story.paragraphs[0], second, *story.paragraphs[1:], first)
    return [
        Variant(story.key, "update-1", _agency_url(story, "update-1"), story.headline, one, "update"),
        Variant(story.key, "update-2", _agency_url(story, "update-2"), story.headline, two, "update"),
    ]


def teaser(paragraph: str, size: int = 30) -> str:
    """The opening ``size`` words of a paragraph (characters for text written without spaces)."""
    tokens = paragraph.split()
    if len(tokens) * 12 < len(paragraph):
        return paragraph[: size + 10] + "…"
    return " ".join(tokens[:size]) + ("…" if len(tokens) > size else "")


def stub(story: BaseStory, rng: random.Random) -> Variant:
    """A paywalled partner page: the teaser of the first paragraph and a subscription pitch."""
    site = rng.choice(PARTNERS)
    body = (teaser(story.paragraphs[0]), PAYWALL_PITCH)
    return Variant(f"{story.key}#stub", "stub", _partner_url(site, story, "stub"), story.headline, body, "stub")


def reworded(story: BaseStory, rng: random.Random, every: int) -> Variant:
    """A stress copy: every ``every``-th word replaced by another word of the story, in every paragraph.
    A replaced word breaks the five shingles that hold it, so (every - 5) / every of the shingles survive:
    1 in 12 leaves 7/12 (Jaccard about 0.41), 1 in 8 leaves 3/8 (about 0.23), 1 in 5 none."""
    vocabulary = [w for p in story.paragraphs for w in p.split()]
    edited = []
    for paragraph in story.paragraphs:
        tokens = paragraph.split()
        for i in range(rng.randrange(every), len(tokens), every):
            tokens[i] = rng.choice(vocabulary)
        edited.append(" ".join(tokens))
    site = rng.choice(PARTNERS)
    kind = f"reworded-1-in-{every}"
    return Variant(story.key, kind, _partner_url(site, story, kind), story.headline, tuple(edited), "copy")


def variants(story: BaseStory, rng: random.Random, stress: bool = False) -> list[Variant]:
    """All variants of one story; the original comes first, update-2 after update-1. ``stress`` adds
    reworded copies (1 word in 12, 8, 5 replaced), harder than the edits syndication usually makes."""
    extra = [reworded(story, rng, every) for every in (12, 8, 5)] if stress else []
    return [*refetches(story), *copies(story, rng), *updates(story), stub(story, rng), *extra]


def stream(
    stories: list[BaseStory], seed: int = 7, stress: bool = False, originals_first: bool = True
) -> list[Variant]:
    """Every story's variants in one arrival order: originals first (unless not ``originals_first``: then they
    are shuffled with the rest), then the rest shuffled, keeping each story's updates in the order the agency
    sent them."""
    rng = random.Random(seed)
    per_story = [variants(story, rng, stress) for story in stories]
    later = [v for vs in per_story for v in (vs[1:] if originals_first else vs)]
    rng.shuffle(later)
    update_1 = {v.story: i for i, v in enumerate(later) if v.kind == "update-1"}
    update_2 = {v.story: i for i, v in enumerate(later) if v.kind == "update-2"}
    for story, i in update_2.items():
        j = update_1[story]
        if j > i:
            later[i], later[j] = later[j], later[i]
    return [vs[0] for vs in per_story if originals_first] + later


UPDATE_PARAGRAPH_WORDS = 12
"""An update adds substantial paragraphs: a source line or a "More from..." link is no update."""


def base_story(key: str, url: str, headline: str, paragraphs: list[str]) -> BaseStory:
    """The first version holds back the last two substantial paragraphs for the agency's updates, when at
    least three paragraphs remain."""
    substantial = [i for i, p in enumerate(paragraphs) if len(words(p)) >= UPDATE_PARAGRAPH_WORDS]
    held = set(substantial[-2:])
    if len(held) < 2 or len(paragraphs) - 2 < 3:
        return BaseStory(key, url, headline, tuple(paragraphs))
    first = tuple(p for i, p in enumerate(paragraphs) if i not in held)
    return BaseStory(key, url, headline, first, tuple(paragraphs[i] for i in sorted(held)))


def load_corpus(corpus_dir: Path) -> list[BaseStory]:
    """One base story per ``expected.json`` (summary and body paragraphs)."""
    stories = []
    for path in sorted(corpus_dir.glob("*/*/expected.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [p for p in [*(data.get("summary") or []), *data["body_paragraphs"]] if p.strip()]
        key = f"{path.parent.parent.name}/{path.parent.name}"
        stories.append(base_story(key, data["url"], data["headline"] or key, paragraphs))
    return stories


def load_text_articles(directory: Path) -> list[BaseStory]:
    """Articles saved as text: URL on the first line, headline on the second, paragraphs after blank lines."""
    stories = []
    for path in sorted(directory.glob("*.txt")):
        url, headline, *rest = path.read_text(encoding="utf-8").split("\n", 2)
        paragraphs = [p.strip() for p in "\n".join(rest).split("\n\n") if p.strip()]
        stories.append(base_story(path.stem, url.strip(), headline.strip(), paragraphs))
    return stories
