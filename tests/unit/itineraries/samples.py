"""Sample itineraries for the calendar tests (and the CalDAV test): a day at Guro-gu with
Japanese, Thai, Arabic and Korean parties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from itineraries.model import DelegationInfo, Itinerary, Person, Place, StopInfo

SEOUL = ZoneInfo("Asia/Seoul")
STAMP = datetime(2027, 2, 20, 3, 15, tzinfo=UTC)
SHARE_URL = "https://gyeonhak.guro.example.kr/v/Xk2p9Qw7"
UID_DOMAIN = "gyeonhak.guro.example.kr"

# ---------------------------------------------------------------- a realistic sample

GURO = {"ko": "구로구청", "en": "Guro-gu Office", "ja": "九老区庁"}
GURO_ADDRESS = {"ko": "서울특별시 구로구 가마산로 245", "en": "245 Gamasan-ro, Guro-gu, Seoul"}
MAYOR = Place(
    1,
    name={
        "ko": "구청장 예방",
        "en": "Courtesy call on the District Mayor",
        "ja": "区長表敬訪問",
        "th": "เข้าเยี่ยมคารวะนายกเขต",
        "ar": "زيارة مجاملة لرئيس البلدية",
    },
    address=GURO_ADDRESS,
    lat=37.4954,
    lon=126.8874,
)
CCTV = Place(
    2,
    name={
        "ko": "통합관제센터",
        "en": "Integrated CCTV Control Center",
        "ja": "統合管制センター",
        "th": "ศูนย์ควบคุมกล้องวงจรปิดแบบบูรณาการ",
        "ar": "مركز المراقبة المتكامل",
    },
    address={"ko": "서울특별시 구로구 가마산로 245 별관 3층", "en": "Annex 3F, 245 Gamasan-ro"},
    lat=37.4951,
    lon=126.8879,
)
KIOSKS = Place(
    3,
    name={
        "ko": "무인민원발급기",
        "en": "Unmanned civil-document kiosks",
        "ja": "無人証明書発行機",
        "th": "ตู้ออกเอกสารราชการอัตโนมัติ",
        "ar": "أكشاك إصدار الوثائق الآلية",
    },
    address={"ko": "구로구청 민원실 1층", "en": "Civil Affairs Hall 1F, Guro-gu Office"},
)
LIBRARY = Place(4, name={"ko": "스마트도서관", "en": "Smart library"}, address=GURO_ADDRESS)

KIM = Person(11, {"ko": "김민지", "en": "Kim Min-ji"}, "minji.kim@guro.example.kr", "02-860-2114")
PARK = Person(12, "박준호", "junho.park@guro.example.kr", "02-860-3300")
LEE = Person(13, {"ko": "이서연", "en": "Lee Seo-yeon"}, "seoyeon.lee@guro.example.kr")


def delegation(language: str, name: dict[str, str], country: str, city: str) -> DelegationInfo:
    return DelegationInfo(
        name=name,
        country=country,
        city=city,
        language=language,
        size=8,
        contact_name="Contact Person",
        contact_email=f"visit-{language}@example.org",
    )


KITAKYUSHU = delegation(
    "ja", {"ja": "北九州市訪問団", "ko": "기타큐슈시 방문단"}, "JP", "Kitakyushu"
)
BANGKOK = delegation(
    "th", {"th": "คณะผู้แทนกรุงเทพมหานคร", "ko": "방콕시 대표단"}, "TH", "Bangkok"
)
DUBAI = delegation("ar", {"ar": "وفد بلدية دبي", "ko": "두바이시 대표단"}, "AE", "Dubai")
JEONJU = delegation("ko", {"ko": "전주시 견학단"}, "KR", "Jeonju")
DELEGATIONS = {"ja": KITAKYUSHU, "th": BANGKOK, "ar": DUBAI}


def at(hour: int, minute: int, day: int = 9) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=SEOUL)


def stop(stop_id: int, place: Place, host: Person, start: datetime, minutes: int,
         status: str = "accepted", sequence: int = 0) -> StopInfo:
    return StopInfo(stop_id, status, sequence, start, start + timedelta(minutes=minutes),
                    place, host, party_size=8)


GURO_STOPS = (
    stop(101, MAYOR, KIM, at(10, 0), 30, sequence=2),
    stop(102, CCTV, PARK, at(10, 45), 60, status="requested"),
    stop(103, KIOSKS, LEE, at(13, 30), 30, sequence=1),
    stop(104, LIBRARY, LEE, at(14, 15), 30, status="cancelled", sequence=3),
)


def sample_itinerary(party: DelegationInfo = KITAKYUSHU, *, visit_id: int = 42,
                     stops: tuple[StopInfo, ...] = GURO_STOPS,
                     share_url: str | None = SHARE_URL) -> Itinerary:
    return Itinerary(
        visit_id=visit_id,
        status="needs_attention",
        organisation=GURO,
        organizer_email="protocol@guro.example.kr",
        uid_domain=UID_DOMAIN,
        timezone=SEOUL,
        delegation=party,
        stops=stops,
        share_url=share_url,
        contact_phone="02-860-2000",
    )


def with_stop(itinerary: Itinerary, stop_id: int, **changes: Any) -> Itinerary:
    stops = tuple(replace(s, **changes) if s.stop_id == stop_id else s for s in itinerary.stops)
    return replace(itinerary, stops=stops)
