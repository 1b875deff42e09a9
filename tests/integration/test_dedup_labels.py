"""Story labels through the real store path: the same labels for every fetch order of a story's members, a label
that moves writes one change row, and workers storing the members at once agree with one worker."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from parsers import Article
from tests.integration.test_dedup_store import body
from worker import database as db
from worker.database import changes
from worker.database.store import save_page, store_article
from worker.network.http import Response

T0 = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
AFP = body("afp-tripoli-rockets")
BASE = AFP[:-2]  # the agency's first text; its update adds the last two paragraphs
NAMING_FOOTER = "Reporting for The City Post by our wire desk, edited in the newsroom for readers across the region."
SMALL_PRINT_PITCH = (
    "Our morning briefing brings the most important stories to your inbox before breakfast every weekday."
)


@dataclass(frozen=True)
class Member:
    name: str
    url: str
    paragraphs: tuple[str, ...]
    published: timedelta
    agency: str | None = "AFP"
    fine_print: bool = False

    def article(self) -> Article:
        return Article(
            url=self.url,
            canonical_url=self.url,
            headline=f"Haftar forces pound Libya capital ({self.name})",
            paragraphs=self.paragraphs,
            published_at=(T0 + self.published).isoformat(),
            agency=self.agency,
            fine_print=self.fine_print,
        )


ORIGINAL = Member("original", "https://www.afp.example/en/news/tripoli", BASE, timedelta(0))
# A partner prints the agency's time: the agency's own site decides.
TRIMMED = Member("trimmed", "https://www.dailyherald.example/world/tripoli", BASE[:-1], timedelta(0))
FOOTED = Member("footed", "https://www.citypost.example/news/tripoli", (*BASE, NAMING_FOOTER), timedelta(minutes=20))
UPDATE = Member("update", "https://www.afp.example/en/news/tripoli-update", AFP, timedelta(hours=2))
EXPECTED = {"original": "original", "trimmed": "copy", "footed": "copy", "update": "update"}
# The footer of a site seen for the first time, told by structure alone: its name, or small print.
FOOTERS = {
    "a line naming the site": FOOTED,
    "a pitch in small print": replace(FOOTED, paragraphs=(*BASE, SMALL_PRINT_PITCH), fine_print=True),
}
TABLES = "stories, articles, pages, changes, dedup_keys, paragraph_sightings"


@pytest.fixture
def conn(database):
    """Autocommit: each store is its own transaction, and its change rows are written when it commits."""
    with db.connect(database, autocommit=True) as connection:
        yield connection


def store(conn: db.Connection, member: Member) -> int:
    article = member.article()
    response = Response(url=member.url, final_url=member.url, status=200, headers={}, body=b"<html/>", fetched_at=T0)
    with conn.transaction():
        page = save_page(conn, source_id=None, url=member.url, response=response)
        stored = store_article(conn, url=member.url, source_id=None, article=article, page_id=page, fetched_at=T0)
    return stored.article_id


def labels(conn: db.Connection, members: tuple[Member, ...]) -> dict[str, object]:
    """Every member's story and label by name, the story's original and how many stories there are."""
    rows = conn.execute(
        "SELECT a.url, a.relation, s.first_article_id = a.id AS first, s.headline FROM articles a "
        "JOIN stories s ON s.id = a.story_id"
    ).fetchall()
    names = {m.url: m.name for m in members}
    found: dict[str, object] = {names[r["url"]]: r["relation"] for r in rows}
    found["story's original"] = [names[r["url"]] for r in rows if r["first"]]
    found["story headline"] = {r["headline"] for r in rows}
    found["stories"] = conn.execute("SELECT count(*) AS n FROM stories").fetchone()["n"]
    return found


def feed_agrees(conn: db.Connection) -> None:
    """Each article's last change row says its label; no change row repeats the one before it."""
    rows = list(changes.replay(conn, 0))
    last: dict[int, tuple[str, int]] = {}
    for row in rows:
        state = (row["relation"], row["story_id"])
        assert row["kind"] not in ("relation", "merge") or last[row["article_id"]] != state, row
        last[row["article_id"]] = state
    now = conn.execute("SELECT id, relation, story_id FROM articles").fetchall()
    assert {r["id"]: (r["relation"], r["story_id"]) for r in now} == last


def expected(members: tuple[Member, ...]) -> dict[str, object]:
    return {m.name: EXPECTED[m.name] for m in members} | {
        "story's original": ["original"],
        "story headline": {"Haftar forces pound Libya capital (original)"},
        "stories": 1,
    }


@pytest.mark.parametrize("footer", FOOTERS)
def test_labels_are_the_same_for_every_fetch_order(conn, footer):
    members = (ORIGINAL, TRIMMED, FOOTERS[footer], UPDATE)
    for order in itertools.permutations(members):
        conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
        for member in order:
            store(conn, member)
        assert labels(conn, members) == expected(members), [m.name for m in order]
        feed_agrees(conn)


def test_an_earlier_published_member_arriving_later_moves_the_labels_with_a_change_row(conn):
    update = store(conn, UPDATE)
    last = conn.execute("SELECT max(id) AS id FROM changes").fetchone()["id"]
    trimmed = store(conn, TRIMMED)  # published two hours before the update
    moved = changes.since(conn, last)
    assert [(r["kind"], r["article_id"], r["previous_relation"], r["relation"]) for r in moved] == [
        ("new", trimmed, None, "original"),
        ("relation", update, "original", "update"),
    ]
    last = moved[-1]["id"]
    original = store(conn, ORIGINAL)  # as early, on the agency's own site
    moved = changes.since(conn, last)
    assert [(r["kind"], r["article_id"], r["previous_relation"], r["relation"]) for r in moved] == [
        ("new", original, None, "original"),
        ("relation", trimmed, "original", "copy"),
    ]  # the update stays an update: no row
    story = conn.execute("SELECT first_article_id, headline FROM stories").fetchone()
    assert story == {"first_article_id": original, "headline": "Haftar forces pound Libya capital (original)"}


def test_a_new_version_that_changes_the_publication_time_moves_the_labels(conn):
    original, update = store(conn, ORIGINAL), store(conn, UPDATE)
    # The agency's page now says it was published before the first text: the labels follow (one row each).
    last = conn.execute("SELECT max(id) AS id FROM changes").fetchone()["id"]
    store(conn, replace(UPDATE, paragraphs=(*AFP, "A later paragraph of the update."), published=-timedelta(hours=1)))
    moved = [(r["kind"], r["article_id"], r["relation"]) for r in changes.since(conn, last)]
    assert sorted(moved) == [("relation", original, "copy"), ("version", update, "original")]


def test_a_site_footer_printed_in_another_story_is_the_site_s_own(conn):
    """A trailing paragraph that tells nothing by its look, but the site printed it under another story too."""
    footer = "Send the desk your pictures and videos of events in the city through the form on the contact page."
    other = body("harbour-bridge-repairs")
    footed = replace(FOOTED, paragraphs=(*BASE, footer))
    for site, label in (("www.dailyherald.example", "update"), ("www.citypost.example", "copy")):
        conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
        store(conn, Member("other", f"https://{site}/news/bridge", (*other, footer), timedelta(0)))
        store(conn, ORIGINAL)
        stored = store(conn, footed)
        relation = conn.execute("SELECT relation FROM articles WHERE id = %s", (stored,)).fetchone()["relation"]
        assert (site, relation) == (site, label)  # another site's page tells nothing of this one's footer


def test_workers_storing_the_members_at_once_agree_with_one_worker(database):
    members = (ORIGINAL, TRIMMED, FOOTED, UPDATE)
    for _ in range(3):
        with db.connect(database, autocommit=True) as conn:
            conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
        start = threading.Barrier(len(members))
        errors: list[BaseException] = []

        def run(member: Member, start: threading.Barrier = start, errors: list[BaseException] = errors) -> None:
            try:
                with db.connect(database, autocommit=True) as conn:
                    start.wait()
                    store(conn, member)
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(m,)) for m in members]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        with db.connect(database) as conn:
            assert labels(conn, members) == expected(members)
            feed_agrees(conn)


def test_an_article_alone_in_a_new_story_is_its_original_without_a_question_to_the_server(database) -> None:
    from worker.database import labels

    with db.connect(database) as closed:
        pass  # any statement on it would raise
    paragraphs = ("The harbour committee met on Tuesday to review the winter ferry timetable for the islands.",)
    article = Article(url="https://wire.example/a", headline="A", paragraphs=paragraphs)
    relabelling = labels.relabel(closed, [1], article, article.url, new_story=True)
    assert relabelling.relation == "original" and relabelling.stored == {}
