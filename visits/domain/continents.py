"""Countries by continent, for the annual report (SPEC §7.6): ISO 3166-1 alpha-2 → one of
seven continents, as the UN geoscheme groups them (the Americas split at Panama; Russia
and Türkiye in Europe, Cyprus and the Caucasus in Asia, as Korean statistics count them)."""

from __future__ import annotations

from types import MappingProxyType

CONTINENTS = ("AS", "EU", "AF", "NA", "SA", "OC", "AN")
CONTINENT_NAMES_KO = MappingProxyType({
    "AS": "아시아", "EU": "유럽", "AF": "아프리카", "NA": "북아메리카", "SA": "남아메리카",
    "OC": "오세아니아", "AN": "남극", "": "미상",
})

_MEMBERS = {
    "AS": "AE AF AM AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW "
          "KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TW UZ VN YE",
    "EU": "AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT "
          "JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK",
    "AF": "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS "
          "LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG "
          "YT ZA ZM ZW",
    "NA": "AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ "
          "MS MX NI PA PM PR SV SX TC TT US VC VG VI",
    "SA": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE",
    "OC": "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
    "AN": "AQ BV GS HM TF",
}
CONTINENT_OF = MappingProxyType(
    {country: continent for continent, members in _MEMBERS.items() for country in members.split()}
)


def continent_of(country: str) -> str:
    """The continent code of an ISO 3166-1 alpha-2 country; "" for a code we do not know."""
    return CONTINENT_OF.get(country.upper(), "")
