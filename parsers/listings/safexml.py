"""Safe XML: entity declarations are refused up front, and lxml never resolves entities or the network."""

from __future__ import annotations

import re
import zlib
from xml.etree.ElementTree import ParseError as ETParseError

import defusedxml.ElementTree as defused
from defusedxml import DefusedXmlException
from lxml import etree

from parsers.listings.model import ListingError, UnsafeXMLError

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"
MAX_INFLATED_BYTES = 50 * 1024 * 1024


def refuse_entity_declarations(body: bytes) -> None:
    """Raise UnsafeXMLError when the document declares entities (internal or external).

    Only documents that contain ``<!ENTITY`` are parsed here, with defusedxml, so that the word inside a
    CDATA section does not condemn a feed. A document that is not well-formed XML is left to the
    lenient parsers, which do not expand declared entities.
    """
    if not _ENTITY_DECL.search(body):
        return
    try:
        defused.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeXMLError(f"XML entity declarations refused: {exc!r}") from exc
    except (ETParseError, ValueError):
        return


def lxml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        recover=True,
    )


def parse_xml(body: bytes) -> etree._Element:
    refuse_entity_declarations(body)
    try:
        root = etree.fromstring(body, lxml_parser())
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not XML: {exc}") from exc
    if root is None:
        raise ListingError("not XML: empty document")
    return root


def gunzip_if_needed(body: bytes, limit: int = MAX_INFLATED_BYTES) -> bytes:
    """Inflate a gzip file (``sitemap.xml.gz``), refusing more than ``limit`` bytes (gzip bombs)."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise ListingError(f"bad gzip: {exc}") from exc
    if len(out) > limit:
        raise ListingError(f"gzip inflates past {limit} bytes")
    return out


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""
