"""A small gazetteer: capitals and large cities as datelines print them (data/places/, one file a language).

Used only to accept a title-case place before a colon ("Asunción: …"), a form labels share otherwise
("Fazit: …", "Update: …"). Places in capitals or before an agency need no gazetteer.
"""

from __future__ import annotations

from parsers.article import vocabulary

PLACES = frozenset(vocabulary.words("places"))
