"""Photo credits: splitting a caption into its text and the credit printed with it."""

from __future__ import annotations

import re

from parsers.text import clean

# Credit forms at the end of a caption, most specific first; group "credit" is what we keep.
TRAILING = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\s*\((?:photo|image|picture|foto|bild)s?\s+by\s+(?P<credit>[^()]+)\)\s*$",
    r"\s*\((?P<credit>(?:AP|AFP|EPA|Reuters|Getty|REUTERS|dpa|Xinhua|Anadolu|PA)\b[^()]*)\)\s*$",
    r"\s*\((?:photo|image|picture|foto|bild|credit|source|quelle|fuente)s?\s*:\s*(?P<credit>[^()]+)\)\s*$",
    r"\s*(?:[|–—-]\s*)?(?:photo|image|picture|foto|bild|credit|source|quelle|fuente|crédito|zdjęcie)s?\s*"
    r"(?:credit)?\s*:\s*(?P<credit>[^:]{2,80})$",
    r"\s*(?:[|–—-]\s*)?(?P<credit>©\s*[^©]{2,80})$",
    r"\s+\|\s+(?P<credit>[^|]{2,80})$",
    r"\s+(?P<credit>(?:AP|AFP|EPA) Photo/[^.()]+(?:, File)?)\.?$",
    r"\s+(?P<credit>REUTERS/[^.()]+)\.?$",
    r"(?<=[.!?)”\"])\s+(?P<credit>[^.!?]{2,60} via Getty Images)\.?$",
    r"\s+(?P<credit>Getty Images(?: for [\w ]+)?)\.?$",
    r"(?<=[.!?)”\"])\s+(?P<credit>[^.!?/]{2,60}\s?/\s?"
    r"(?:AFP|AP|dpa|Reuters|REUTERS|EPA|Getty Images|Anadolu|Xinhua|picture alliance|imago|Keystone|ANP|"
    r"Bloomberg|Pool|SIPA|Shutterstock))\.?$",
))
LEADING = re.compile(r"^(?:(?:photo|foto|bild|image|picture)s?\s*(?::|by\b)|credit\s*:)\s*", re.IGNORECASE)


def split_caption(text: str) -> tuple[str, str | None]:
    """``(caption, credit)``: the credit removed from the end of the caption when it is printed there."""
    text = clean(text)
    for pattern in TRAILING:
        match = pattern.search(text)
        if match and match.start() > 0:
            credit = clean(match.group("credit")).rstrip(".")
            caption = text[: match.start()].rstrip(" |–—-")
            if credit and caption:
                return caption, credit
    return text, None


def clean_credit(text: str) -> str | None:
    """A credit as printed in its own element, without the "Photo:" label."""
    text = clean(text)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return LEADING.sub("", text).strip() or None
