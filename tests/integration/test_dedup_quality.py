"""The syndication set through the real store path: re-fetches add nothing, copies and updates join their
story, other stories (same event written separately included) stay apart."""

from __future__ import annotations

import psycopg
import pytest

from bench.dedup_quality import evaluate
from bench.syndication import load_corpus, load_text_articles, stream
from tests.paths import ARTICLES, corpus_dir


def _server(settings) -> str:
    return psycopg.conninfo.make_conninfo(settings.database_url, dbname="postgres")


def test_syndication_set_of_our_own_texts(settings):
    scores, _ = evaluate(stream(load_text_articles(ARTICLES)), _server(settings))
    assert scores.refetches_ok == scores.refetches
    assert (scores.precision, scores.recall) == (1.0, 1.0)
    assert all(ok == total for ok, total in (v.split("/") for v in scores.joined_by_kind.values()))


@pytest.mark.corpus
@pytest.mark.skipif(corpus_dir() is None, reason="needs ../shared/corpus")
def test_syndication_set_of_the_dev_corpus(settings):
    corpus = corpus_dir()
    assert corpus is not None
    scores, _ = evaluate(stream(load_corpus(corpus) + load_text_articles(ARTICLES)), _server(settings))
    assert scores.refetches_ok == scores.refetches
    assert scores.precision >= 0.99
    assert scores.recall >= 0.95
    assert scores.labels_ok >= 0.95 * scores.labels
