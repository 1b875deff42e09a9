from __future__ import annotations

from parsers.article.model import Article, Dateline
from worker.devtools.evaluate import scored_paragraphs

TEXT = "The harbour committee met on Tuesday to discuss the new ferry timetable."


def scored(dateline: str) -> list[str]:
    article = Article(url="https://example.org/a", paragraphs=(TEXT,), dateline=Dateline(text=dateline))
    return scored_paragraphs(article)


def test_dateline_is_put_back_as_printed() -> None:
    # a spaced dash was printed with a space after it; a dash close to the place, close to the text
    assert scored("GHENT —") == [f"GHENT — {TEXT}"]
    assert scored("GHENT (AFP) -") == [f"GHENT (AFP) - {TEXT}"]
    assert scored("GHENT—") == [f"GHENT—{TEXT}"]
    assert scored("NEW YORK--") == [f"NEW YORK--{TEXT}"]
