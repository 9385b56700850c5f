"""CAP 1.2 (OASIS Common Alerting Protocol) for every issued message, and the Atom feed of them.

Element order and formats follow the OASIS CAP 1.2 schema (data/CAP-v1.2.xsd, RULES.md §2.4);
identifiers follow GB/T 35965.1 Appendix A (R2.13). Levels map to CAP severity as RULES.md §2.4
suggests (一级 Extreme … 四级 Minor).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from lxml import etree

from yingji.earlywarning import rules
from yingji.earlywarning.models import EarlyWarning

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
XSD_PATH = Path(__file__).resolve().parent / "data" / "CAP-v1.2.xsd"
GEOCODE_NAME = "GB/T 2260"  # 12-digit 统计用区划代码, whose first 6 digits are the GB/T 2260 code
AREA_DESC_MAX = 200


def cap_time(value) -> str:
    """CAP dateTime: seconds and an explicit offset, never "Z" (schema pattern of <sent>)."""
    return value.astimezone(ZoneInfo(rules.CAP_TIMEZONE)).replace(microsecond=0).isoformat()


def sender_id(warning: EarlyWarning) -> str:
    domain = settings.YINGJI_CAP_SENDER_DOMAIN
    return f"{warning.division.code[:6]}@{domain}"


def reference(message: EarlyWarning) -> str:
    """CAP <references> entry: sender,identifier,sent."""
    return f"{sender_id(message)},{message.identifier},{cap_time(message.sent)}"


def _sub(parent, name: str, text: str | None = None):
    element = etree.SubElement(parent, f"{{{CAP_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def _urgency(warning: EarlyWarning) -> str:
    if warning.msg_type == EarlyWarning.MsgType.CANCEL:
        return "Past"
    return "Immediate" if warning.onset <= warning.sent else "Expected"


def _response_type(warning: EarlyWarning) -> str:
    if warning.msg_type == EarlyWarning.MsgType.CANCEL:
        return "AllClear"
    return "Prepare" if warning.level in rules.HIGH_LEVELS else "Monitor"


def build_alert(warning: EarlyWarning, *, web: str = "") -> etree._Element:
    """The <alert> of an issued message (areas prefetched or fetched here)."""
    if not warning.is_published:
        raise ValueError("only issued messages are CAP messages")
    alert = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})
    _sub(alert, "identifier", warning.identifier)
    _sub(alert, "sender", sender_id(warning))
    _sub(alert, "sent", cap_time(warning.sent))
    _sub(alert, "status", "Actual")
    _sub(alert, "msgType", warning.msg_type)
    _sub(alert, "scope", "Public")
    if warning.previous_id:
        _sub(alert, "references", reference(warning.previous))
    info = _sub(alert, "info")
    _sub(info, "language", "zh-CN")
    _sub(info, "category", rules.CAP_CATEGORY[warning.hazard_type])
    _sub(info, "event", f"{warning.get_hazard_type_display()}{warning.colour}预警")
    _sub(info, "responseType", _response_type(warning))
    _sub(info, "urgency", _urgency(warning))
    _sub(info, "severity", warning.level_info.cap_severity)
    _sub(info, "certainty", warning.certainty)
    _sub(info, "eventCode")
    code = info[-1]
    _sub(code, "valueName", "预警级别")
    _sub(code, "value", str(warning.get_level_display()))
    _sub(info, "effective", cap_time(warning.sent))
    _sub(info, "onset", cap_time(warning.onset))
    _sub(info, "expires", cap_time(warning.expires))
    _sub(info, "senderName", warning.issuer.name)
    _sub(info, "headline", warning.headline)
    _sub(info, "description", warning.description)
    _sub(info, "instruction", warning.measures)
    if web:
        _sub(info, "web", web)
    if warning.contact:
        _sub(info, "contact", warning.contact)
    areas = list(warning.areas.all())
    area = _sub(info, "area")
    _sub(area, "areaDesc", "、".join(a.name for a in areas)[:AREA_DESC_MAX])
    for division in areas:
        geocode = _sub(area, "geocode")
        _sub(geocode, "valueName", GEOCODE_NAME)
        _sub(geocode, "value", division.code)
    return alert


def to_bytes(element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def validate(xml: bytes) -> list[str]:
    """Schema errors of a CAP document ([] when valid)."""
    doc = etree.fromstring(xml)
    checker = schema()
    if checker.validate(doc):
        return []
    return [str(error) for error in checker.error_log]


def build_feed(messages, *, feed_url: str, cap_url, page_url, updated, title: str) -> bytes:
    """An Atom feed of CAP messages (the CAP Atom feed convention: one entry per message, linked as
    application/cap+xml, with the message's identifier as the entry id)."""
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})

    def sub(parent, name, text=None, **attrs):
        element = etree.SubElement(parent, f"{{{ATOM_NS}}}{name}", **attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", feed_url)
    sub(feed, "title", title)
    sub(feed, "updated", cap_time(updated))
    sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    author = sub(feed, "author")
    sub(author, "name", title)
    for message in messages:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:cap:{sender_id(message)}:{message.identifier}")
        sub(entry, "title", message.headline)
        sub(entry, "updated", cap_time(message.sent))
        sub(entry, "published", cap_time(message.sent))
        entry_author = sub(entry, "author")
        sub(entry_author, "name", message.issuer.name)
        sub(entry, "summary", message.description[:300])
        sub(entry, "link", rel="alternate", type="application/cap+xml", href=cap_url(message))
        sub(entry, "link", rel="related", type="text/html", href=page_url(message))
        sub(entry, "category", term=message.msg_type)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)
