"""The bilingual itinerary: Korean beside the delegation's language, as HTML and as PDF.

`itinerary_context` resolves everything a page shows (texts, labels, dates, links, QR
code) into frozen values; the visitor page and the PDF render that same context with the
same templates. Nothing here trusts user text: Jinja escapes every value, and WeasyPrint
may only read the app's static files (`fetcher.py`).
"""

from __future__ import annotations

import gc
import math
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import quote, urlsplit

import jinja2
import segno
from markupsafe import Markup

from itineraries import fonts, labels
from itineraries.changes import ChangeBox, change_boxes
from itineraries.model import ItemInfo, Itinerary, Member, StopInfo, Text, pick_text
from itineraries.protocol import romanized_beside

if TYPE_CHECKING:
    from weasyprint import CSS  # type: ignore[import-untyped]

    from itineraries.fetcher import StaticFileFetcher

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
LIVE_STATUSES = frozenset({"requested", "accepted"})


@dataclass(frozen=True)
class Run:
    """A piece of text in one language: templates put `lang` and `dir` on its element."""

    text: str
    lang: str
    dir: str


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Column:
    """One language's side of the page. `lang` is the language of its labels and dates
    (English for a reader we have no catalogue for); user text keeps its own language."""

    lang: str
    dir: str
    language_name: str
    labels: Mapping[str, str]
    organisation: Run
    delegation_name: Run
    city: Run  # the delegation's text, in its language
    country: str
    date: str
    timezone_note: str
    party_size: str
    version: str  # the published version's number, "" for the live visit


@dataclass(frozen=True)
class StopCell:
    """One stop as one column shows it."""

    time: str
    place: Run
    host: Run
    address: Run


@dataclass(frozen=True)
class StopRow:
    stop_id: int
    cells: tuple[StopCell, ...]  # one per column, same order
    confirmed: bool
    phone: Link | None
    email: Link | None
    map_links: tuple[Link, ...]
    is_item: ClassVar[bool] = False


@dataclass(frozen=True)
class ItemCell:
    """One programme item as one column shows it: its kind in the column's language."""

    time: str
    kind: str
    title: Run
    place: Run | None
    address: Run | None


@dataclass(frozen=True)
class ItemRow:
    item_id: int
    kind: str  # arrival, meal, … (a CSS class)
    cells: tuple[ItemCell, ...]  # one per column, same order
    map_links: tuple[Link, ...]  # none for an item without a place
    is_item: ClassVar[bool] = True


@dataclass(frozen=True)
class MemberRow:
    name: Run  # in its own script where known
    title: Run
    head: bool
    romanized: Run | None = None  # beside a name not in Latin script


@dataclass(frozen=True)
class CompanionRow:
    """Someone (or a vehicle) going with the delegation, and when."""

    kind: str  # interpreter | escort | driver | vehicle: the label "kind_<kind>"
    name: Run  # Korean, as the protocol office knows them
    romanized: Run | None  # the name in Latin letters beside it, when given
    time: str  # in the reader's format
    phone: Link | None


@dataclass(frozen=True)
class ItineraryContext:
    lang: str  # the reader's language tag, normalised
    columns: tuple[Column, ...]  # Korean first; Korean alone for a Korean reader
    stops: tuple[StopRow, ...]
    rows: tuple[StopRow | ItemRow, ...]  # the stops and the programme's items, in time order
    members: tuple[MemberRow, ...]  # the head of delegation first
    head: MemberRow | None
    delegation_contact: Run
    delegation_email: Link | None
    office_email: Link | None
    office_phone: Link | None
    qr_svg: Markup | None
    share_url: str | None
    share_link: Link | None  # only for an http(s) share URL
    cancelled: bool
    changes: tuple[ChangeBox, ...]  # "changed since version N", one per column
    companions: tuple[CompanionRow, ...] = ()


def _tagged(text: Text | str, lang: str, default_lang: str) -> Run:
    """`pick_text`, plus the language the picked text is really in (for `lang=`)."""
    value = pick_text(text, lang)
    tag = default_lang
    if not isinstance(text, str):
        tag = (
            lang
            if text.get(lang) == value
            else next((t for t, v in text.items() if v == value), default_lang)
        )
        tag = default_lang if tag == "und" else labels.normalise_tag(tag)
    return Run(value, tag, labels.direction(tag))


def _plain(text: str, lang: str) -> Run:
    return Run(text, lang, labels.direction(lang))


def _latin(text: str) -> Run:
    """A romanized name: Latin script, whatever the language around it."""
    return Run(text, "und-Latn", "ltr")


def live_stops(itinerary: Itinerary) -> tuple[StopInfo, ...]:
    return tuple(s for s in itinerary.stops if s.status in LIVE_STATUSES)


def _visit_day(itinerary: Itinerary, stops: tuple[StopInfo, ...]) -> date | None:
    return stops[0].start.astimezone(itinerary.timezone).date() if stops else None


def _column(itinerary: Itinerary, reader: str, stops: tuple[StopInfo, ...]) -> Column:
    lab = labels.label_language(reader)
    words = labels.labels(lab)
    delegation = itinerary.delegation
    day = _visit_day(itinerary, stops)
    first = (
        stops[0].start.astimezone(itinerary.timezone) if stops else datetime.now(itinerary.timezone)
    )
    return Column(
        lang=lab,
        dir=labels.direction(lab),
        language_name=labels.language_name(reader, reader),
        labels=words,
        organisation=_tagged(itinerary.organisation, reader, reader),
        delegation_name=_tagged(delegation.name, reader, reader),
        city=_plain(delegation.city, labels.normalise_tag(delegation.language)),
        country=labels.country_name(delegation.country, lab) if delegation.country else "",
        date=labels.format_day(day, lab) if day else "",
        timezone_note=words["timezone_note"].format(zone=labels.zone_name(first, lab)),
        party_size=labels.format_count(delegation.size, lab),
        version=labels.format_count(itinerary.version, lab) if itinerary.version else "",
    )


def _time_text(stop: StopInfo | ItemInfo, itinerary: Itinerary, lab: str,
               multi_day: bool) -> str:
    start = stop.start.astimezone(itinerary.timezone)
    end = stop.end.astimezone(itinerary.timezone)
    span = labels.format_time_range(start, end, lab)
    return f"{labels.format_day(start.date(), lab)} {span}" if multi_day else span


def _coordinates(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def map_links(stop: StopInfo) -> tuple[Link, ...]:
    """Kakao Map (what Korean drivers and taxis use) and OpenStreetMap. Links only: the
    document never fetches them."""
    return place_links(stop.place.name, stop.place.address, stop.place.lat, stop.place.lon)


def place_links(name_text: Text | str, address_text: Text | str, lat: float | None,
                lon: float | None) -> tuple[Link, ...]:
    """The map links of any place: a facility, or a programme item's restaurant."""
    name = pick_text(name_text, "ko").replace(",", " ")
    point = _coordinates(lat, lon)
    if point is None:
        address = quote(pick_text(address_text, "ko"), safe="")
        return (
            Link("Kakao Map", f"https://map.kakao.com/link/search/{address}"),
            Link("OpenStreetMap", f"https://www.openstreetmap.org/search?query={address}"),
        )
    lat_text, lon_text = f"{point[0]:.6f}", f"{point[1]:.6f}"
    return (
        Link("Kakao Map",
             f"https://map.kakao.com/link/map/{quote(name, safe='')},{lat_text},{lon_text}"),
        Link(
            "OpenStreetMap",
            f"https://www.openstreetmap.org/?mlat={lat_text}&mlon={lon_text}"
            f"#map=17/{lat_text}/{lon_text}",
        ),
    )


def _phone_link(phone: str) -> Link | None:
    digits = re.sub(r"[^0-9+]", "", phone)
    return Link(phone, f"tel:{digits}") if phone.strip() and digits else None


def _email_link(email: str) -> Link | None:
    email = email.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
        return Link(email, "") if email else None
    return Link(email, "mailto:" + quote(email, safe="@+._-"))


def _web_link(url: str | None) -> Link | None:
    if not url or urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    return Link(url, url)


def _stop_row(
    stop: StopInfo, itinerary: Itinerary, readers: tuple[str, ...], multi_day: bool
) -> StopRow:
    cells = []
    for reader in readers:
        lab = labels.label_language(reader)
        cells.append(
            StopCell(
                time=_time_text(stop, itinerary, lab, multi_day),
                place=_tagged(stop.place.name, reader, reader),
                host=_tagged(stop.host.name, reader, "ko"),
                address=_tagged(stop.place.address, reader, reader),
            )
        )
    return StopRow(
        stop_id=stop.stop_id,
        cells=tuple(cells),
        confirmed=stop.status == "accepted",
        phone=_phone_link(stop.host.phone),
        email=_email_link(stop.host.email),
        map_links=map_links(stop),
    )


def shown_items(itinerary: Itinerary) -> tuple[ItemInfo, ...]:
    """The programme's items visitors see: none once the visit is cancelled."""
    return () if itinerary.status == "cancelled" else itinerary.items


def _item_row(
    item: ItemInfo, itinerary: Itinerary, readers: tuple[str, ...], multi_day: bool
) -> ItemRow:
    cells = []
    for reader in readers:
        lab = labels.label_language(reader)
        cells.append(ItemCell(
            time=_time_text(item, itinerary, lab, multi_day),
            kind=labels.labels(lab)[f"item_{item.kind}"],
            title=_tagged(item.title, reader, reader),
            place=_tagged(item.place, reader, reader) if item.place else None,
            address=_tagged(item.address, reader, reader) if item.address else None,
        ))
    located = item.place or item.address or _coordinates(item.lat, item.lon)
    links = place_links(item.place or item.title, item.address, item.lat, item.lon)
    return ItemRow(item.item_id, item.kind, tuple(cells), links if located else ())


def _in_time_order(stops: tuple[StopRow, ...], stop_infos: tuple[StopInfo, ...],
                   items: tuple[ItemRow, ...], item_infos: tuple[ItemInfo, ...]
                   ) -> tuple[StopRow | ItemRow, ...]:
    """Stops and items by start; at one start an item (an arrival) before the stop."""
    keyed: list[tuple[datetime, int, StopRow | ItemRow]] = [
        *((info.start, 0, row) for info, row in zip(item_infos, items, strict=True)),
        *((info.start, 1, row) for info, row in zip(stop_infos, stops, strict=True)),
    ]
    return tuple(row for _, _, row in sorted(keyed, key=lambda k: (k[0], k[1])))


def _companions(itinerary: Itinerary, reader: str, multi_day: bool) -> tuple[CompanionRow, ...]:
    lab, zone = labels.label_language(reader), itinerary.timezone
    rows = []
    for c in itinerary.companions:
        start, end = c.start.astimezone(zone), c.end.astimezone(zone)
        span = labels.format_time_range(start, end, lab)
        when = f"{labels.format_day(start.date(), lab)} {span}" if multi_day else span
        name = _tagged(c.name, "ko", "ko")
        latin = pick_text(c.name, "en", fallback=())
        beside = _latin(latin) if latin and latin != name.text else None
        rows.append(CompanionRow(c.kind, name, beside, when, _phone_link(c.phone)))
    return tuple(rows)


def _members(members: tuple[Member, ...], lang: str) -> tuple[MemberRow, ...]:
    ordered = sorted(members, key=lambda m: not m.head)  # stable: the head first
    return tuple(
        MemberRow(_plain(m.native_name.strip() or m.name, lang), _plain(m.title, lang), m.head,
                  _latin(beside) if (beside := romanized_beside(m.native_name, m.name)) else None)
        for m in ordered
    )


@lru_cache(maxsize=64)
def qr_svg(url: str) -> Markup:
    """The share URL as an inline SVG QR code (sized by CSS). segno draws modules as path
    data; the URL itself never appears as text or attribute in the SVG."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(border=4, omitsize=True, svgclass="qr", dark="#111")
    return Markup(svg)  # noqa: S704 -- segno's own markup, no text of ours inside


def itinerary_context(itinerary: Itinerary, lang: str) -> ItineraryContext:
    """Everything the itinerary page shows, resolved for a reader of `lang`."""
    reader = labels.normalise_tag(lang)
    readers = ("ko",) if labels.label_language(reader) == "ko" else ("ko", reader)
    stops = live_stops(itinerary)
    items = shown_items(itinerary)
    zone = itinerary.timezone
    starts = [s.start for s in stops] + [i.start for i in items]
    multi_day = len({start.astimezone(zone).date() for start in starts}) > 1
    stop_rows = tuple(_stop_row(s, itinerary, readers, multi_day) for s in stops)
    item_rows = tuple(_item_row(i, itinerary, readers, multi_day) for i in items)
    delegation = itinerary.delegation
    own = labels.normalise_tag(delegation.language)
    share = _web_link(itinerary.share_url)  # a QR code only for a web address
    members = _members(delegation.members, own)
    return ItineraryContext(
        lang=reader,
        columns=tuple(_column(itinerary, r, stops) for r in readers),
        stops=stop_rows,
        rows=_in_time_order(stop_rows, stops, item_rows, items),
        members=members,
        head=next((m for m in members if m.head), None),
        delegation_contact=_plain(delegation.contact_name, own),
        delegation_email=_email_link(delegation.contact_email),
        office_email=_email_link(itinerary.organizer_email),
        office_phone=_phone_link(itinerary.contact_phone),
        qr_svg=qr_svg(share.href) if share else None,
        share_url=itinerary.share_url,
        share_link=share,
        cancelled=itinerary.status == "cancelled",
        changes=change_boxes(itinerary, readers),
        companions=_companions(itinerary, reader, multi_day),
    )


def languages(context: ItineraryContext) -> frozenset[str]:
    """Every language tag the page marks text with."""
    runs: list[Run] = [context.delegation_contact]
    for col in context.columns:
        runs += [col.organisation, col.delegation_name, col.city]
    for row in context.stops:
        for cell in row.cells:
            runs += [cell.place, cell.host, cell.address]
    for item in context.rows:
        if isinstance(item, ItemRow):
            for item_cell in item.cells:
                runs += [r for r in (item_cell.title, item_cell.place, item_cell.address) if r]
    for member in context.members:
        runs += [member.name, member.title, *([member.romanized] if member.romanized else [])]
    for companion in context.companions:
        runs += [companion.name, *([companion.romanized] if companion.romanized else [])]
    return frozenset({r.lang for r in runs} | {c.lang for c in context.columns})


@lru_cache(maxsize=1)
def template_environment() -> jinja2.Environment:
    """Autoescape on for every template, whatever its name; unknown names are errors."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_itinerary_html(itinerary: Itinerary, lang: str, *, static_url: str = "",
                          styles: bool = True) -> str:
    """The printable page. `static_url` prefixes links to static files ("/static/" on the
    web; "" for the PDF, whose base URL is the static directory itself). `styles=False`
    leaves the stylesheet link and the font rules out, for `render_itinerary_pdf`, which
    hands WeasyPrint the very same rules parsed once per process (`static_stylesheet`,
    `font_stylesheet`)."""
    template = template_environment().get_template("itinerary/pdf.html")
    context = itinerary_context(itinerary, lang)
    font_css = Markup(fonts.font_css(languages(context)))  # noqa: S704 -- constant rules
    return template.render(it=context, static_url=static_url, font_css=font_css,
                           styles=styles)


def render_itinerary_pdf(
    itinerary: Itinerary, lang: str, *, url_fetcher: StaticFileFetcher | None = None
) -> bytes:
    """A4 PDF, fonts embedded and subset with HarfBuzz, reading only static files (through
    `url_fetcher`, by default a `StaticFileFetcher` of the app's static directory; the
    stylesheets through one of those, parsed once per process)."""
    context = itinerary_context(itinerary, lang)
    html = template_environment().get_template("itinerary/pdf.html").render(
        it=context, static_url="", font_css="", styles=False)
    sheets = (static_stylesheet("itinerary/itinerary.css"),
              font_stylesheet(frozenset(languages(context))))
    return write_pdf(html, url_fetcher=url_fetcher, stylesheets=sheets)


# Parsed stylesheets, per thread like the font configuration (`fonts.font_configuration`):
# parsing itinerary.css again for every document was a tenth of a warm render.
_sheets = threading.local()


def _sheet_cache() -> dict[object, CSS]:
    pid = os.getpid()
    if getattr(_sheets, "pid", None) != pid:
        _sheets.cache = {}
        _sheets.pid = pid
    cache: dict[object, CSS] = _sheets.cache
    return cache


def static_stylesheet(relative: str) -> CSS:
    """A stylesheet of the static directory, parsed once per process and thread (again
    if the file changed). Read, and anything it names fetched, by a `StaticFileFetcher`:
    the same rule as the documents' own requests."""
    from weasyprint import CSS

    from itineraries.fetcher import STATIC_DIR, StaticFileFetcher, static_path

    fetcher = StaticFileFetcher(STATIC_DIR)
    path = static_path((fetcher.root / relative).as_uri(), fetcher.root)
    key = (relative, path.stat().st_mtime_ns)
    cache = _sheet_cache()
    if key not in cache:
        cache[key] = CSS(string=path.read_text(encoding="utf-8"), base_url=path.as_uri(),
                         url_fetcher=fetcher, font_config=fonts.font_configuration())
    return cache[key]


def font_stylesheet(tags: frozenset[str]) -> CSS:
    """`fonts.font_css(tags)` parsed, once per set of languages, process and thread."""
    from weasyprint import CSS

    key = ("fonts", tags)
    cache = _sheet_cache()
    if key not in cache:
        if len(cache) > 256:  # sets of languages seen by a long-lived process: bounded
            cache.clear()
        cache[key] = CSS(string=fonts.font_css(tags), font_config=fonts.font_configuration())
    return cache[key]


def write_pdf(html: str, *, url_fetcher: StaticFileFetcher | None = None,
              stylesheets: tuple[CSS, ...] = ()) -> bytes:
    """Every document's last step: HTML → PDF with this process's fonts, Thai made
    extractable, reading only static files (through `url_fetcher`, by default a
    `StaticFileFetcher` of the app's static directory). `stylesheets` apply after the
    document's own, in their order (WeasyPrint's user origin: nothing of ours uses
    !important, and the documents that pass them carry no rules of their own)."""
    from weasyprint import HTML

    from itineraries.fetcher import STATIC_DIR, StaticFileFetcher

    fetcher = url_fetcher or StaticFileFetcher(STATIC_DIR)
    page = fonts.extractable_thai(html)
    document = HTML(string=page, base_url=fetcher.root.as_uri() + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(font_config=fonts.font_configuration(),
                                    stylesheets=list(stylesheets))
    return pdf


def warm_up() -> None:
    """Pay a process's first-render costs (imports, fontconfig, opening the font files) up
    front, e.g. as a process pool's initializer, so that no visitor waits for them; then
    freeze what is alive (`gc.freeze`), so that garbage collection no longer walks it."""
    from weasyprint import HTML

    samples = {
        "ko": "구로구청",
        "ja": "九老区庁",
        "zh-Hans": "九老区",
        "zh-Hant": "九老區",
        "th": "กำหนดการ",
        "ar": "الزيارة",
        "en": "Visit",
    }
    body = "".join(f'<p lang="{tag}">{text}</p>' for tag, text in samples.items())
    page = f"<html><head><style>{fonts.font_css()}</style></head><body>{body}</body></html>"
    HTML(string=page).write_pdf(font_config=fonts.font_configuration())
    static_stylesheet("itinerary/itinerary.css")
    # Everything alive now (modules, WeasyPrint's and fontTools' tables, the font
    # configuration, the parsed stylesheets) lives as long as the process: out of the
    # garbage collector's sight. Python's full collections walked all of it, and one came
    # every second or third render: about 50 ms of a 130 ms one-stop render (CPU).
    gc.collect()
    gc.freeze()
