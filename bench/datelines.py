"""Every dateline the parser returns on a corpus folder, for reading by eye (are they all printed on the page?).

    .venv/bin/python bench/datelines.py ../shared/corpus/extra/readability [more folders]

Prints one line a page that has a dateline: page id, the dateline as printed, city / country / agency, and the
start of the paragraph it was cut from; then the count of datelines and of pages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from parsers import parse_article
from worker.devtools.evaluate import _read_page

SHOWN = 70


def datelines(folder: Path) -> tuple[list[str], int]:
    """The report lines of the pages under ``folder`` that have a dateline, and the number of pages."""
    lines: list[str] = []
    pages = sorted(folder.rglob("expected.json"))
    for expected_path in pages:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        article = parse_article(_read_page(expected_path.parent), str(expected.get("url") or ""))
        line = article.dateline
        if line is None:
            continue
        index = min(article.dateline_index, max(len(article.paragraphs) - 1, 0))
        rest = article.paragraphs[index][:SHOWN] if article.paragraphs else ""
        page_id = expected_path.parent.relative_to(folder)
        lines.append(f"{page_id}\t{line.text!r}\t{line.city} / {line.country} / {line.agency}\t{rest!r}")
    return lines, len(pages)


def main(folders: list[str]) -> None:
    for name in folders:
        found, pages = datelines(Path(name))
        print(f"== {name}: {len(found)} datelines on {pages} pages")
        print("\n".join(found))


if __name__ == "__main__":
    main(sys.argv[1:])
