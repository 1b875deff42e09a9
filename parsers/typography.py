"""Typographic quotes, apostrophes and dashes folded to plain ASCII: the one table every comparison uses."""

from __future__ import annotations

# Curly and low quotes, guillemets and dashes as pages print them -> the ASCII character they stand for.
QUOTE_FOLDS: dict[str, str] = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
}
# Fingerprints fold more look-alikes as well (backtick and accents typed as apostrophes, single guillemets, figure
# and horizontal-bar dashes): changing what they fold would change every stored fingerprint.
FINGERPRINT_FOLDS: dict[str, str] = {
    **QUOTE_FOLDS,
    "`": "'",
    "´": "'",
    "ʼ": "'",
    "‹": "'",
    "›": "'",
    "‟": '"',
    "‒": "-",
    "―": "-",
}
