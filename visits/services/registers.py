"""The gifts register as a table for people: Korean headers, names in Korean (else
English), the report flag in words. The API's CSV and the register page's download are
this one table."""

from __future__ import annotations

from babel import Locale
from starlette.responses import Response

from itineraries.tables import csv_bytes
from visits.services.gifts import all_gifts, report_required
from visits.settings import Settings

DIRECTION_KO = {"received": "받음", "given": "드림"}
REPORT_REQUIRED_KO = "신고 필요"
HEADERS_KO = ["번호", "방문 번호", "날짜", "구분", "대표단", "국가", "선물", "준 사람", "받은 사람",
              "가액(원)", "신고"]


def korean(text: object) -> str:
    if isinstance(text, dict):
        return str(text.get("ko") or text.get("en") or next(iter(text.values()), ""))
    return str(text or "")


def country_ko(code: str) -> str:
    return str(Locale.parse("ko").territories.get(code.upper(), code))


async def gifts_csv(settings: Settings, year: int | None) -> bytes:
    rows: list[list[object]] = [HEADERS_KO]
    for row in await all_gifts(year):
        gift = row.gift
        rows.append([
            gift.id, gift.visit_id, gift.day.isoformat(),  # type: ignore[attr-defined]
            DIRECTION_KO[gift.direction], korean(row.delegation), country_ko(row.country),
            gift.description, gift.giver, gift.recipient,
            "" if gift.value_krw is None else gift.value_krw,
            REPORT_REQUIRED_KO if report_required(settings, gift) else ""])
    return csv_bytes(rows)


def gifts_csv_response(body: bytes, year: int | None) -> Response:
    name = f"gyeonhak-gifts-{year}.csv" if year else "gyeonhak-gifts.csv"
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
