"""`wirefeed export | head -1` and `wirefeed changes | head -1`: the command ends quietly when its reader goes."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

# More than a pipe holds (64 KiB): the command is still writing when `head` has gone.
ARTICLES = 400


@pytest.fixture
def many_articles(conn):
    conn.execute("INSERT INTO stories (headline) SELECT 'Story ' || g FROM generate_series(1, %s) g", (ARTICLES,))
    conn.execute(
        """INSERT INTO articles (story_id, url, canonical_url, headline, body, content_hash)
           SELECT s.id, 'http://pipe.test/' || s.id, 'http://pipe.test/' || s.id, s.headline,
                  repeat('Many words of a long wire story. ', 30), md5(s.id::text)
           FROM stories s""",
    )
    conn.commit()


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "jsonl"],
        ["export", "--format", "ninjs"],
        ["changes", "--since", "0"],
        ["changes", "--since", "0", "--format", "ninjs"],
    ],
)
def test_a_reader_that_stops_early_ends_the_command_quietly(many_articles, command, tmp_path):
    wirefeed = shlex.join([sys.executable, "-m", "worker", *command])
    script = f'{wirefeed} 2>stderr.txt | head -1; echo "status ${{PIPESTATUS[0]}}"'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120, check=True, cwd=tmp_path)
    first, status = done.stdout.splitlines()
    assert first.startswith("{") and status == "status 141"  # 128 + SIGPIPE, as `yes | head -1`
    assert (tmp_path / "stderr.txt").read_text() == ""  # no traceback, no "Exception ignored", no count exported
