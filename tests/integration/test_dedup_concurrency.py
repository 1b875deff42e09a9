"""Four worker processes storing copies of the same stories at once cluster them as one worker would."""

from __future__ import annotations

import random

import psycopg

from bench.dedup_quality import final_assignment, scratch_database, store_all, store_concurrently
from bench.syndication import Variant, load_text_articles, variants
from tests.paths import ARTICLES


def _partition(url: str, outcomes: list[tuple[Variant, int]]) -> set[frozenset[str]]:
    """The variants grouped by the story their article ended in (story ids differ from run to run)."""
    assignment = final_assignment(url)
    groups: dict[int, set[str]] = {}
    for variant, article_id in outcomes:
        groups.setdefault(assignment[article_id][0], set()).add(f"{variant.story}:{variant.kind}:{variant.url}")
    return {frozenset(group) for group in groups.values()}


def _burst_order(seed: int) -> list[Variant]:
    """Each story's variants shuffled but kept together: dealt round-robin, four workers store four
    variants of the same story at the same moment."""
    rng = random.Random(seed)
    ordered: list[Variant] = []
    for story in load_text_articles(ARTICLES):
        story_variants = variants(story, rng)
        rng.shuffle(story_variants)
        ordered.extend(story_variants)
    return ordered


def test_four_processes_cluster_copies_as_one_process_does(settings):
    server = psycopg.conninfo.make_conninfo(settings.database_url, dbname="postgres")
    for seed in (1, 2, 3):
        order = _burst_order(seed)
        with scratch_database(server) as url:
            sequential, _ = store_all(url, order)
            expected = _partition(url, [(o.variant, o.article_id) for o in sequential])
        with scratch_database(server) as url:
            concurrent = store_concurrently(url, order, workers=4)
            found = _partition(url, [(o.variant, o.article_id) for o in concurrent])
        assert found == expected
        assert len(expected) == len(load_text_articles(ARTICLES)) * 2  # each story and its paywall stub
