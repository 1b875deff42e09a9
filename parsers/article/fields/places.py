"""A small gazetteer: capitals and large cities as datelines print them (data/places/, one file a language).

A known place is one of the dateline grammar's signals: it lets a title-case place count before a colon or a
dash ("Asunción: …", "Kyiv — …"), a form labels and names share otherwise ("Fazit: …", "John Smith — …"), an
upper-case place count before a colon ("NEW DELHI:", not "CLAIM:"), and a place printed alone on its line count
("Ankara", not "Highlights"). Places in capitals before a dash or before an agency need no gazetteer.
"""

from __future__ import annotations

from parsers.article import vocabulary

PLACES = frozenset(vocabulary.words("places"))
