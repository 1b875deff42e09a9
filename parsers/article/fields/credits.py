"""Photo credits: splitting a caption into its text and the credit printed with it."""

from __future__ import annotations

import re

from parsers.article import agencies, vocabulary
from parsers.article.text import clean, fold

# Labels printed before a credit, in the languages we read ("Foto:", "fot.", "Fotoğraf:", "Beeld:", "Kuva:").
CREDIT_LABELS = vocabulary.words("credit_labels")
# Words printed after a credit (Lithuanian "J. Stacevičiaus / LRT nuotr.").
CREDIT_SUFFIXES = vocabulary.words("credit_suffixes")
# Image banks and wire photo desks whose name alone reads as a credit.
PHOTO_SOURCES = vocabulary.words("photo_sources")
_LABEL = "|".join(sorted((re.escape(w) for w in CREDIT_LABELS), key=len, reverse=True))
_SUFFIX = "|".join(re.escape(w) for w in CREDIT_SUFFIXES)
_SOURCES = "|".join(sorted((re.escape(s) for s in PHOTO_SOURCES), key=len, reverse=True))
_SOURCE = re.compile(rf"(?<!\w)(?:{_SOURCES})(?!\w)", re.IGNORECASE)
# Agencies and image banks, whose name (or "<agency> Photo/<name>", "<agency>/<name>") ends a caption as its credit.
_AGENCY = agencies.ALTERNATION
_WIRE = f"{_AGENCY}|{_SOURCES}"
LABELLED = re.compile(rf"^(?:©|\(c\)|(?:{_LABEL})\s*(?::|\.|by\b))", re.IGNORECASE)
SUFFIXED = re.compile(rf"\s(?:{_SUFFIX})\.?$", re.IGNORECASE)
# Lower-case words a printed name may hold ("Jane van Doe", "Tom Brenner for The Washington Post").
NAME_PARTICLES = frozenset(["van", "von", "de", "der", "den", "da", "du", "la", "le", "of", "for", "the", "via"])
MAX_PRINTED_CREDIT = 80

# Labels of a credit at the end of a caption, before a colon ("… Foto: dpa", "… 사진: 연합뉴스").
_CAPTION_LABEL = "|".join(re.escape(w) for w in vocabulary.words("caption_credit_labels"))
# Credit forms at the end of a caption, most specific first; group "credit" is what we keep.
TRAILING = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "… asociatyvi nuotr. / J. Stacevičiaus / LRT nuotr.": a credit that ends in its label.
        rf"\s+/\s+(?P<credit>[^/]{{2,60}}(?:\s?/\s?[^/]{{2,40}})?\s(?:{_SUFFIX})\.?)$",
        r"\s*\((?:photo|image|picture|foto|bild)s?\s+by\s+(?P<credit>[^()]+)\)\s*$",
        rf"\s*\((?P<credit>(?:{_WIRE})\b[^()]*)\)\s*$",
        r"\s*\((?:photo|image|picture|foto|bild|credit|source|quelle|fuente)s?\s*:\s*(?P<credit>[^()]+)\)\s*$",
        # "… (foto di Marco Rossi)", "… (foto de Ana López)": "photo by" in the Romance languages.
        r"\s*\((?:foto|fotografía|fotografia|photo)s?\s+(?:di|de|da|by)\s+(?P<credit>[^()]+)\)\s*$",
        # "…（写真：共同通信）", "… (Bild: dpa)": a labelled credit in brackets, full-width ones included.
        rf"\s*[（(](?:{_CAPTION_LABEL})s?\s*[:：=]\s*(?P<credit>[^()（）]{{1,60}})[）)]\s*$",
        # A colon, a full-width colon or "=" after the label ("사진=연합뉴스", "图片来源：新华社").
        rf"\s*(?:[|–—-]\s*)?(?:{_CAPTION_LABEL})s?\s*(?:credit)?\s*[:：=]\s*(?P<credit>[^:：=]{{2,80}})$",
        # "… Beeld ANP", "… Foto AP": a label and an agency after the sentence, with nothing between them.
        rf"(?<=[.!?])\s+(?:{_CAPTION_LABEL})\s+(?P<credit>(?:{_WIRE})(?:\s?/\s?[^/.!?]{{1,40}})?)$",
        # "… Fot. Jan Kowalski": an abbreviated label with its full stop.
        r"(?<=[.!?])\s+fot\.\s*(?P<credit>[^.!?]{2,60})$",
        r"\s*(?:[|–—-]\s*)?(?P<credit>©\s*[^©]{2,80})$",
        r"\s+\|\s+(?P<credit>[^|]{2,80})$",
        rf"\s+(?P<credit>(?:{_WIRE}) Photo/[^.()]+(?:, File)?)\.?$",
        rf"\s+(?P<credit>(?:{_AGENCY})/[^.()]+)\.?$",
        r"(?<=[.!?)”\"])\s+(?P<credit>[^.!?]{2,60} via Getty Images)\.?$",
        r"\s+(?P<credit>Getty Images(?: for [\w ]+)?)\.?$",
        # "… Mahsa Amini. Uncredited/AP/dpa", "… Hamburg. Imago/Blaulicht-News.de": names joined by slashes.
        r"(?<=[.!?)”\"])\s+(?P<credit>[A-ZÀ-Þ][^\s/!?]*(?:\s[^\s/!?]+){0,4}(?:\s?/\s?[^/!?]{1,40}){1,3})$",
        # "… in Palma / Lorenzo Marina": a name after a spaced slash.
        r"\s+/\s+(?P<credit>[A-ZÀ-Þ][\w'’.-]*(?:\s[A-ZÀ-Þ][\w'’.-]*){0,4})$",
        # "… del Noia Apostoli. (Edu Luque)": a name in parentheses after the sentence.
        r"(?<=[.!?])\s+\((?P<credit>[A-ZÀ-Þ][\w'’.-]*(?:\s[A-ZÀ-Þ][\w'’.-]*){0,4})\)$",
        # "… city. (Jane Doe/The Example Times)": names joined by slashes, in parentheses after the sentence.
        r"(?<=[.!?])\s+\((?P<credit>[A-ZÀ-Þ][^\s()/!?]*(?:\s[^\s()/!?]+){0,4}(?:\s?/\s?[^()/!?]{1,40}){1,3})\)$",
        # Japanese: "…（代表撮影）" (pool photo), "…（Ｃ）共同通信社", "…（ソウルで、３日）＝ＡＰ";
        # "＝１３日" is a date, not a credit.
        r"[（(](?P<credit>[^（）()]{1,20})撮影[）)]$",
        r"[（(][CcＣｃ][）)]\s*(?P<credit>[^（）()＝]{1,30})$",
        r"＝(?P<credit>[^＝（）()、。\d０-９]{1,20})$",
        rf"(?<=[.!?)”\"])\s+(?P<credit>[^.!?/]{{2,60}}\s?/\s?(?:{_WIRE}))\.?$",
    )
)
# "Frank Franklin II/Copyright 2026 The AP. All rights reserved.": the notice after the credit.
RIGHTS_NOTICE = re.compile(r"(?<=\S)\s*[/|,;–-]?\s*(?:copyright|©)\s+\d{4}\b.*$", re.IGNORECASE)
# "Foto: dpa", "fot. PAP", "Credit...Jane Doe", "- Copyright Jane Doe" (a year after "Copyright" is the notice
# RIGHTS_NOTICE drops).
LEADING = re.compile(
    rf"^[\s|–—-]*(?:(?:{_LABEL})\s*(?::|\.{{3}}|…|\.(?=\s)|by\b)|copyright\s*:?(?=\s*[^\d\s]))\s*", re.IGNORECASE
)


def split_caption(text: str) -> tuple[str, str | None]:
    """``(caption, credit)``: the credit removed from the end of the caption when it is printed there."""
    text = clean(text)
    for pattern in TRAILING:
        match = pattern.search(text)
        if match and match.start() > 0:
            credit = RIGHTS_NOTICE.sub("", clean(match.group("credit"))).strip().rstrip(".")
            caption = text[: match.start()].rstrip(" |–—-")
            if credit and caption:
                return caption, credit
    return text, None


def clean_credit(text: str) -> str | None:
    """A credit as printed in its own element, without the "Photo:" label, a rights notice or a repeat."""
    text = clean(text)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return _once(RIGHTS_NOTICE.sub("", LEADING.sub("", text)).strip()) or None


def _once(text: str) -> str:
    """ "© Jane Doe | Jane Doe": one credit printed twice, once."""
    parts = [part for part in text.split(" | ") if part]
    if len(parts) > 1 and len({fold(part).lstrip("© ") for part in parts}) == 1:
        return parts[-1]
    return text


def reads_as_credit(text: str, *, names: bool = True) -> bool:
    """Short text printed apart from a caption that reads as its credit: a label ("Foto:", "fot.", "©"),
    a label after it ("LRT nuotr."), an agency or image bank, names joined by "/", or (with ``names``,
    where the markup sets it apart) a name's shape."""
    text = clean(text)
    if not text or len(text) > MAX_PRINTED_CREDIT or text[-1] in "!?:;,":
        return False
    if LABELLED.match(text) or SUFFIXED.search(text) or _SOURCE.search(text):
        return True
    if agencies.find(text, loose=len(text) <= 6) is not None:
        return True
    if "/" in text and not text.endswith("."):
        return all(len(part.split()) <= 5 for part in text.split("/"))
    return names and _name_shape(text.rstrip("."))


def _name_shape(text: str) -> bool:
    """A few capitalised words without digits: "The Yomiuri Shimbun", "Jane van Doe"."""
    words = text.split()
    return 0 < len(words) <= 5 and all(
        (word[0].isupper() and not any(c.isdigit() for c in word)) or word in NAME_PARTICLES for word in words
    )
