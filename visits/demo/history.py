"""A demo that has lived: three years of past visits and the coming months (issue 15).

Pure data, like `visits.demo.data`. The delegations are the kinds of guests Guro-gu has
really received — the mayor of Chiba and his party, a vice-minister of Japan's internal
affairs ministry, business leaders of Japan's business federation, Beijing's Tongzhou
District, Enshi, officials of 13 Asia-Pacific countries, Malaysia's communications
commission, Thai university professors, Mosquera (Colombia), the Republic of the Congo,
France, Cambodia, Indonesia, a WeGO steering-committee group — but every person in them is
fictitious (the convention of `visits.demo.data`).

Dates are relative to the day the demo is loaded, so it never goes stale: a visit's `day`
is a number of days from today, moved forward to the next working day when it falls on a
weekend or a public holiday. Times are wall-clock times of the organisation (Asia/Seoul).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from visits.demo.data import DemoDelegation, DemoMember

__all__ = [
    "HISTORY",
    "HISTORY_DELEGATIONS",
    "REQUESTS",
    "ROUTES",
    "PROGRAMME",
    "DemoItem",
    "DemoRequest",
    "DemoVisit",
]

# What became of a visit: every stop accepted ("done"); one stop declined by its host
# (the declined stop is the route's `declined`-th, 0-based, with the host's reason);
# the whole visit cancelled; stops still waiting for their hosts (upcoming visits only);
# one stop (the `declined`-th) answered with another time, `counter` ("HH:MM"), and the
# reason (upcoming visits only). Past visits done are closed with their attendance, gifts
# and the visitors' survey, but for those of the last two weeks: they wait to be closed.
Fate = Literal["done", "declined", "cancelled", "waiting", "countered"]


@dataclass(frozen=True)
class DemoVisit:
    delegation: str  # the delegation's English name
    day: int  # days from today (negative: in the past)
    route: str  # a key of ROUTES
    fate: Fate = "done"
    declined: int = 0  # for fate "declined" or "countered": which stop
    reason: str = ""  # the host's reason, in Korean, for fate "declined" or "countered"
    counter: str = ""  # for fate "countered": the start the host proposes instead


@dataclass(frozen=True)
class DemoItem:
    """A part of the day beyond the stops (SPEC §7.4)."""

    kind: str
    title: dict[str, str]
    start: str  # "HH:MM"
    end: str
    place: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class DemoRequest:
    """A request waiting in the inbox, as the delegation's contact sent it."""

    organisation: str
    country: str
    city: str
    language: str
    size: int
    contact_name: str
    contact_email: str
    days: tuple[int, ...]  # wished dates, days from today
    interests: tuple[str, ...]
    members: tuple[DemoMember, ...]
    notes: str
    interpreter_needed: bool = False


# A route: (facility code, start "HH:MM") in time order. Gaps leave room for the facility's
# buffer and the walk or drive between sites; lunch falls between 12:00 and 13:30.
ROUTES: dict[str, tuple[tuple[str, str], ...]] = {
    "mayor-cctv-kiosk": (("GR-MAYOR", "10:00"), ("GR-CCTV", "10:50"), ("GR-KIOSK", "14:00")),
    "cctv-archi-class": (("GR-CCTV", "10:00"), ("GR-ARCHI", "11:20"), ("GR-CLASS", "14:00")),
    "kiosk-bcast-itvol-lovepc": (("GR-KIOSK", "10:00"), ("GR-BCAST", "10:50"),
                                 ("GR-ITVOL", "14:00"), ("GR-LOVEPC", "15:30")),
    "afternoon-mayor": (("GR-MAYOR", "14:00"), ("GR-CCTV", "14:50"), ("GR-KIOSK", "16:10")),
    "class-lovepc-cctv": (("GR-CLASS", "10:00"), ("GR-LOVEPC", "11:20"), ("GR-CCTV", "14:00")),
    "archi-kiosk-mayor-bcast": (("GR-ARCHI", "10:00"), ("GR-KIOSK", "11:00"),
                                ("GR-MAYOR", "14:00"), ("GR-BCAST", "15:00")),
    "cctv-only": (("GR-CCTV", "10:30"),),
    "kiosk-cctv": (("GR-KIOSK", "14:00"), ("GR-CCTV", "14:50")),
}


def _m(name: str, title: str, romanized: str = "", *, head: bool = False,
       role: str = "member", languages: tuple[str, ...] = (), diet: str = "") -> DemoMember:
    return DemoMember(name, title, head=head, romanized=romanized, role=role,
                      languages=languages, diet=diet)


HISTORY_DELEGATIONS: tuple[DemoDelegation, ...] = (
    DemoDelegation(
        name={"ko": "일본 지바시 시장 일행", "en": "Chiba City Mayor's Delegation",
              "ja": "千葉市長一行"},
        country="JP", city="Chiba", language="ja", size=9,
        contact_name="小林 恵子", contact_email="keiko.kobayashi@city.chiba.example",
        members=(
            _m("渡辺 誠", "千葉市長", "Makoto Watanabe", head=True, languages=("ja",)),
            _m("小林 恵子", "総合政策局 国際交流課長", "Keiko Kobayashi", languages=("ja", "en")),
            _m("伊藤 健太", "市長公室 秘書課 主査", "Kenta Ito", languages=("ja",)),
            _m("中村 彩", "通訳", "Aya Nakamura", role="interpreter", languages=("ja", "ko")),
        ),
        notes="시장 포함 9명. 자매도시 교류 차원의 방문. 통합관제센터 운영 방식과 "
        "무인민원발급기 도입 비용에 관심.",
    ),
    DemoDelegation(
        name={"ko": "일본 총무성 부대신 일행",
              "en": "Vice-Minister of Internal Affairs and Communications of Japan",
              "ja": "総務副大臣一行"},
        country="JP", city="Tokyo", language="ja", size=6,
        contact_name="松本 大輔", contact_email="d.matsumoto@soumu.example",
        members=(
            _m("加藤 正人", "総務副大臣", "Masato Kato", head=True, languages=("ja",)),
            _m("松本 大輔", "自治行政局 地域情報化企画室長", "Daisuke Matsumoto",
               languages=("ja", "en")),
            _m("山口 里美", "大臣官房 国際室 係長", "Satomi Yamaguchi", languages=("ja", "en")),
            _m("井上 翔", "在大韓民国日本国大使館 一等書記官", "Sho Inoue",
               languages=("ja", "ko")),
        ),
        notes="6명. 주한 일본대사관 동행. 지자체 전자정부·마이데이터 정책 벤치마킹. "
        "의전 수준 높음(구청장 예방 필수).",
    ),
    DemoDelegation(
        name={"ko": "일본 경제단체연합회(게이단렌) 기업인 방문단",
              "en": "Keidanren (Japan Business Federation) Business Leaders",
              "ja": "日本経済団体連合会 訪韓団"},
        country="JP", city="Tokyo", language="ja", size=21,
        contact_name="清水 拓也", contact_email="t.shimizu@keidanren.example",
        members=(
            _m("森 康弘", "経団連 デジタルエコノミー推進委員長", "Yasuhiro Mori", head=True,
               languages=("ja", "en")),
            _m("清水 拓也", "経団連 国際協力本部 主幹", "Takuya Shimizu", languages=("ja", "en")),
            _m("林 直子", "電機メーカー 執行役員", "Naoko Hayashi", languages=("ja",)),
            _m("斎藤 亮", "通信会社 常務取締役", "Ryo Saito", languages=("ja",),
               diet="갑각류 알레르기"),
        ),
        notes="기업인 약 20명. 구로디지털단지 기업 방문과 연계. 구 전자정부 시스템 구축 "
        "민관협력 사례에 관심.",
    ),
    DemoDelegation(
        name={"ko": "중국 후베이성 언스주 대표단",
              "en": "Enshi Tujia and Miao Autonomous Prefecture Delegation",
              "zh-Hans": "湖北省恩施土家族苗族自治州代表团"},
        country="CN", city="Enshi", language="zh-Hans", size=8,
        contact_name="黄丽", contact_email="huang.li@enshi.example",
        members=(
            _m("赵志强", "恩施州副州长", "Zhao Zhiqiang", head=True, languages=("zh-Hans",)),
            _m("黄丽", "恩施州外事办公室科长", "Huang Li", languages=("zh-Hans", "ko")),
            _m("周明", "恩施州大数据局局长", "Zhou Ming", languages=("zh-Hans",)),
        ),
        notes="8명. 스마트시티·빅데이터 행정 관심. 중국어 응대: 이서연, 오준서.",
    ),
    DemoDelegation(
        name={"ko": "아시아·태평양 13개국 공무원 전자정부 연수단",
              "en": "E-Government Fellowship: Officials of 13 Asia-Pacific Countries"},
        country="PH", city="Manila", language="en", size=18,
        contact_name="Maria Santos", contact_email="m.santos@apfellows.example",
        members=(
            _m("Maria Santos", "Director, Department of Information and Communications "
               "Technology (Philippines)", head=True, languages=("en", "fil")),
            _m("Bat-Erdene Dorj", "Head of E-Services, Ulaanbaatar City (Mongolia)",
               languages=("mn", "en")),
            _m("Nguyen Van Minh", "Deputy Director, Hanoi Department of Information and "
               "Communications (Viet Nam)", languages=("vi", "en")),
            _m("Sunita Karki", "Under Secretary, Ministry of Communication (Nepal)",
               languages=("ne", "en"), diet="채식"),
            _m("Aisha Rahman", "Programme Officer, a2i Programme (Bangladesh)",
               languages=("bn", "en"), diet="할랄"),
        ),
        notes="13개국 공무원 18명(필리핀·몽골·베트남·네팔·방글라데시·스리랑카·라오스·"
        "캄보디아·미얀마·파키스탄·피지·부탄·동티모르). 영어로 진행. 할랄·채식 식사 필요.",
    ),
    DemoDelegation(
        name={"ko": "콩고공화국 정부 대표단",
              "en": "Government Delegation of the Republic of the Congo",
              "fr": "Délégation du gouvernement de la République du Congo"},
        country="CG", city="Brazzaville", language="fr", size=6,
        contact_name="Ange Mabiala", contact_email="a.mabiala@gouv-congo.example",
        members=(
            _m("Jean-Baptiste Ngouabi", "Ministre délégué à l'Économie numérique", head=True,
               languages=("fr",)),
            _m("Ange Mabiala", "Directeur de la Modernisation de l'État", languages=("fr", "en")),
            _m("Clarisse Bouanga", "Conseillère à l'Ambassade à Séoul", languages=("fr", "ko")),
        ),
        notes="6명. 주한 대사관 주선. 불어 응대: 임수빈. 민원 무인화와 관제센터 관심.",
    ),
    DemoDelegation(
        name={"ko": "프랑스 이시레물리노시 대표단",
              "en": "Issy-les-Moulineaux (France) Municipal Delegation",
              "fr": "Délégation de la ville d'Issy-les-Moulineaux"},
        country="FR", city="Issy-les-Moulineaux", language="fr", size=5,
        contact_name="Camille Lefèvre", contact_email="c.lefevre@issy.example",
        members=(
            _m("Philippe Garnier", "Maire adjoint chargé du numérique", head=True,
               languages=("fr", "en")),
            _m("Camille Lefèvre", "Directrice des services numériques", languages=("fr", "en")),
            _m("Thomas Moreau", "Chef de projet ville intelligente", languages=("fr",)),
        ),
        notes="5명. 스마트시티 협력 MOU 후속 방문. 불어 응대: 임수빈.",
    ),
    DemoDelegation(
        name={"ko": "캄보디아 우정통신부 대표단",
              "en": "Ministry of Posts and Telecommunications of Cambodia"},
        country="KH", city="Phnom Penh", language="en", size=7,
        contact_name="Sokha Chan", contact_email="sokha.chan@mptc-kh.example",
        members=(
            _m("ស៊ុន វណ្ណា", "Secretary of State", "Sun Vanna", head=True,
               languages=("km", "en")),
            _m("ចាន់ សុខា", "Deputy Director-General of Digital Government", "Chan Sokha",
               languages=("km", "en")),
            _m("ហេង សុភា", "Officer, ICT Policy Department", "Heng Sophea",
               languages=("km", "en")),
        ),
        notes="7명. KOICA 연수 연계. 영어로 진행(크메르어 통역은 방문단이 동행).",
    ),
    DemoDelegation(
        name={"ko": "인도네시아 반둥시 대표단", "en": "Bandung City (Indonesia) Delegation",
              "id": "Delegasi Pemerintah Kota Bandung"},
        country="ID", city="Bandung", language="id", size=8,
        contact_name="Dewi Lestari", contact_email="dewi.lestari@bandung.example",
        members=(
            _m("Budi Santoso", "Wakil Wali Kota Bandung", head=True, languages=("id",),
               diet="할랄"),
            _m("Dewi Lestari", "Kepala Dinas Komunikasi dan Informatika",
               languages=("id", "en"), diet="할랄"),
            _m("Rizky Pratama", "Kepala Bidang Smart City", languages=("id", "en"),
               diet="할랄"),
        ),
        notes="8명. 스마트시티 관제와 주민 IT교육에 관심. 할랄 식사.",
    ),
    DemoDelegation(
        name={"ko": "WeGO 집행위원회 회원도시 대표단",
              "en": "WeGO Executive Committee Member Cities"},
        country="MN", city="Ulaanbaatar", language="en", size=38,
        contact_name="Ganbold Tserendorj", contact_email="g.tserendorj@wego-ec.example",
        members=(
            _m("Ganbold Tserendorj", "Vice Mayor of Ulaanbaatar, WeGO Executive Committee",
               head=True, languages=("mn", "en")),
            _m("Elena Petrova", "Head of Digital Transformation, Kazan", languages=("ru", "en")),
            _m("Mehmet Yılmaz", "Chief Information Officer, Istanbul Metropolitan "
               "Municipality", languages=("tr", "en")),
            _m("Lucía Fernández", "Secretaria de Gobierno Digital, Mexico City",
               languages=("es", "en")),
            _m("Joseph Mwangi", "ICT Director, Nairobi City County", languages=("sw", "en")),
        ),
        notes="15개 도시 약 40명(세계전자정부협의체 집행위원회 부대행사). 영어로 진행. "
        "인원이 많아 관제센터는 20명씩 나누어 관람.",
    ),
    DemoDelegation(
        name={"ko": "일본 오사카부 스이타시 의회 시찰단",
              "en": "Suita City Council (Osaka) Study Group", "ja": "吹田市議会 視察団"},
        country="JP", city="Suita", language="ja", size=7,
        contact_name="石川 真由美", contact_email="m.ishikawa@city.suita.example",
        members=(
            _m("前田 隆", "吹田市議会 議長", "Takashi Maeda", head=True, languages=("ja",)),
            _m("石川 真由美", "議会事務局 主任", "Mayumi Ishikawa", languages=("ja",)),
            _m("藤田 修", "総務常任委員会 委員長", "Osamu Fujita", languages=("ja",)),
        ),
        notes="시의원 등 7명. 정보격차 해소 사업(정보화교실·사랑의 PC) 시찰.",
    ),
    DemoDelegation(
        name={"ko": "중국 랴오닝성 선양시 대표단",
              "en": "Shenyang Municipal Government Delegation",
              "zh-Hans": "辽宁省沈阳市政府代表团"},
        country="CN", city="Shenyang", language="zh-Hans", size=10,
        contact_name="孙磊", contact_email="sun.lei@shenyang.example",
        members=(
            _m("吴国华", "沈阳市副市长", "Wu Guohua", head=True, languages=("zh-Hans",)),
            _m("孙磊", "沈阳市外事办公室处长", "Sun Lei", languages=("zh-Hans", "ko")),
            _m("马丽", "沈阳市政务服务中心副主任", "Ma Li", languages=("zh-Hans",)),
        ),
        notes="10명. 민원 서비스 혁신과 CCTV 통합관제에 관심.",
    ),
    DemoDelegation(
        name={"ko": "튀니지 튀니스시 대표단", "en": "City of Tunis Delegation",
              "ar": "وفد بلدية تونس"},
        country="TN", city="Tunis", language="ar", size=5,
        contact_name="ليلى بن سالم", contact_email="l.bensalem@commune-tunis.example",
        members=(
            _m("محمد الطرابلسي", "نائب رئيس بلدية تونس", "Mohamed Trabelsi", head=True,
               languages=("ar", "fr"), diet="할랄"),
            _m("ليلى بن سالم", "مديرة الإدارة الرقمية", "Leila Ben Salem",
               languages=("ar", "fr", "en"), diet="할랄"),
            _m("كريم الهادي", "مهندس نظم المعلومات", "Karim El Hadi", languages=("ar",),
               diet="할랄"),
        ),
        notes="5명. 아랍어·불어 사용. 불어 응대: 임수빈. 할랄 식사.",
    ),
    DemoDelegation(
        name={"ko": "페루 리마 광역시 대표단", "en": "Metropolitan Municipality of Lima",
              "es": "Delegación de la Municipalidad Metropolitana de Lima"},
        country="PE", city="Lima", language="es", size=5,
        contact_name="Rosa Quispe", contact_email="r.quispe@munlima.example",
        members=(
            _m("Andrés Salazar Vega", "Gerente de Gobierno Digital", head=True,
               languages=("es",)),
            _m("Rosa Quispe Mamani", "Subgerente de Seguridad Ciudadana",
               languages=("es", "en")),
            _m("Javier Paredes", "Especialista en videovigilancia", languages=("es",)),
        ),
        notes="5명. 방범 CCTV 통합관제 벤치마킹. 스페인어 응대: 강하은.",
    ),
)


# Three years back and some months ahead. Repeat guests come back (Tongzhou, Chiba).
HISTORY: tuple[DemoVisit, ...] = (
    # three years ago
    DemoVisit("Beijing Tongzhou District Delegation", -1085, "mayor-cctv-kiosk"),
    DemoVisit("Suita City Council (Osaka) Study Group", -1062, "class-lovepc-cctv"),
    DemoVisit("E-Government Fellowship: Officials of 13 Asia-Pacific Countries", -1040,
              "cctv-archi-class"),
    DemoVisit("Chiba City Mayor's Delegation", -1012, "mayor-cctv-kiosk"),
    DemoVisit("Shenyang Municipal Government Delegation", -990, "kiosk-cctv", "declined",
              1, "같은 시간 경찰서 합동 점검이 잡혀 있어 관제센터 안내가 어렵습니다."),
    DemoVisit("Metropolitan Municipality of Lima", -968, "cctv-only"),
    DemoVisit("Government Delegation of the Republic of the Congo", -947,
              "archi-kiosk-mayor-bcast"),
    DemoVisit("Bandung City (Indonesia) Delegation", -925, "kiosk-bcast-itvol-lovepc"),
    DemoVisit("Ministry of Posts and Telecommunications of Cambodia", -903, "class-lovepc-cctv",
              "cancelled"),
    DemoVisit("City of Tunis Delegation", -881, "cctv-archi-class"),
    DemoVisit("Enshi Tujia and Miao Autonomous Prefecture Delegation", -860,
              "mayor-cctv-kiosk"),
    DemoVisit("Keidanren (Japan Business Federation) Business Leaders", -838, "kiosk-cctv"),
    # two years ago
    DemoVisit("Vice-Minister of Internal Affairs and Communications of Japan", -721,
              "afternoon-mayor"),
    DemoVisit("Issy-les-Moulineaux (France) Municipal Delegation", -699, "cctv-archi-class"),
    DemoVisit("Municipality of Mosquera (Colombia) Delegation", -680, "class-lovepc-cctv"),
    DemoVisit("Malaysian Communications and Multimedia Commission (MCMC) Delegation", -658,
              "kiosk-bcast-itvol-lovepc"),
    DemoVisit("Chulalongkorn University Faculty of Political Science Study Visit", -636,
              "cctv-archi-class", "declined", 2,
              "정보화교실 정기 강좌와 겹쳐 교실 참관이 어렵습니다."),
    DemoVisit("WeGO Executive Committee Member Cities", -615, "kiosk-cctv"),
    DemoVisit("Muscat Municipality (Oman) Delegation", -593, "archi-kiosk-mayor-bcast"),
    DemoVisit("Beijing Tongzhou District Delegation", -571, "class-lovepc-cctv"),
    DemoVisit("Shenyang Municipal Government Delegation", -550, "cctv-only", "cancelled"),
    DemoVisit("Kitakyushu City Mayor's Delegation", -528, "mayor-cctv-kiosk"),
    DemoVisit("E-Government Fellowship: Officials of 13 Asia-Pacific Countries", -506,
              "kiosk-bcast-itvol-lovepc"),
    DemoVisit("Metropolitan Municipality of Lima", -484, "cctv-archi-class"),
    DemoVisit("Suita City Council (Osaka) Study Group", -463, "kiosk-cctv"),
    # last year
    DemoVisit("Chiba City Mayor's Delegation", -355, "afternoon-mayor"),
    DemoVisit("Bandung City (Indonesia) Delegation", -333, "cctv-archi-class"),
    DemoVisit("Government Delegation of the Republic of the Congo", -312, "mayor-cctv-kiosk"),
    DemoVisit("Enshi Tujia and Miao Autonomous Prefecture Delegation", -290,
              "class-lovepc-cctv", "declined", 0, "교실 리모델링 공사 기간입니다."),
    DemoVisit("Ministry of Posts and Telecommunications of Cambodia", -268,
              "kiosk-bcast-itvol-lovepc"),
    DemoVisit("Keidanren (Japan Business Federation) Business Leaders", -246, "kiosk-cctv"),
    DemoVisit("City of Tunis Delegation", -225, "archi-kiosk-mayor-bcast"),
    DemoVisit("Issy-les-Moulineaux (France) Municipal Delegation", -203, "cctv-only"),
    DemoVisit("Vice-Minister of Internal Affairs and Communications of Japan", -181,
              "mayor-cctv-kiosk", "cancelled"),
    DemoVisit("WeGO Executive Committee Member Cities", -160, "kiosk-cctv"),
    DemoVisit("Chulalongkorn University Faculty of Political Science Study Visit", -138,
              "class-lovepc-cctv"),
    DemoVisit("Malaysian Communications and Multimedia Commission (MCMC) Delegation", -116,
              "cctv-archi-class"),
    DemoVisit("Muscat Municipality (Oman) Delegation", -95, "mayor-cctv-kiosk"),
    DemoVisit("Municipality of Mosquera (Colombia) Delegation", -73,
              "kiosk-bcast-itvol-lovepc"),
    DemoVisit("Beijing Tongzhou District Delegation", -51, "cctv-archi-class"),
    DemoVisit("Kitakyushu City Mayor's Delegation", -30, "archi-kiosk-mayor-bcast"),
    DemoVisit("Suita City Council (Osaka) Study Group", -12, "class-lovepc-cctv"),
    DemoVisit("Enshi Tujia and Miao Autonomous Prefecture Delegation", -3, "kiosk-cctv"),
    # the coming months
    DemoVisit("Kitakyushu City Mayor's Delegation", 9, "mayor-cctv-kiosk"),
    DemoVisit("Beijing Tongzhou District Delegation", 12, "cctv-archi-class", "waiting"),
    DemoVisit("Chulalongkorn University Faculty of Political Science Study Visit", 16,
              "class-lovepc-cctv", "declined", 2, "그날 관제센터 장비 점검이 있습니다. 다음 주는 "
              "가능합니다."),
    DemoVisit("Muscat Municipality (Oman) Delegation", 23, "afternoon-mayor", "waiting"),
    DemoVisit("Malaysian Communications and Multimedia Commission (MCMC) Delegation", 30,
              "kiosk-bcast-itvol-lovepc"),
    DemoVisit("Municipality of Mosquera (Colombia) Delegation", 44, "cctv-archi-class",
              "waiting"),
    DemoVisit("Chiba City Mayor's Delegation", 71, "archi-kiosk-mayor-bcast"),
    DemoVisit("Keidanren (Japan Business Federation) Business Leaders", 103, "kiosk-cctv",
              "countered", 1, "14시대에는 관제 요원 교대 준비가 있어 16시를 제안드립니다.",
              "16:00"),
)

# The next visit, prepared to the minute: arrival, lunch at a named restaurant, departure.
PROGRAMME: dict[tuple[str, int], tuple[DemoItem, ...]] = {
    ("Kitakyushu City Mayor's Delegation", 9): (
        DemoItem("arrival", {"ko": "구청 도착·영접", "en": "Arrival and welcome"},
                 "09:40", "09:55", "구로구청 본관 정문"),
        DemoItem("meal", {"ko": "환영 오찬", "en": "Welcome lunch"}, "12:10", "13:30",
                 "한정식 다온 (구로구 가마산로)", 37.4963, 126.8891),
        DemoItem("departure", {"ko": "환송", "en": "Farewell"}, "14:40", "14:55",
                 "구로구청 본관 정문"),
    ),
}

REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest(
        organisation="仙台市 デジタル推進部", country="JP", city="Sendai", language="ja",
        size=6, contact_name="高木 陽子", contact_email="y.takagi@city.sendai.example",
        days=(35, 36), interests=("control_center", "kiosk"),
        members=(_m("高木 陽子", "デジタル推進部 課長", "Yoko Takagi", head=True,
                    languages=("ja",)),),
        notes="防犯カメラの統合管制と無人発行機の運用について伺いたいです。",
    ),
    DemoRequest(
        organisation="Kementerian Komunikasi dan Digital", country="ID", city="Jakarta",
        language="id", size=12, contact_name="Siti Rahmawati",
        contact_email="siti.rahmawati@komdigi.example", days=(50, 51, 52),
        interests=("classroom", "volunteer_program"),
        members=(_m("Siti Rahmawati", "Direktur Pemberdayaan Digital", head=True,
                    languages=("id", "en"), diet="할랄"),),
        notes="Kami ingin mempelajari program literasi digital untuk warga lanjut usia.",
        interpreter_needed=True,
    ),
    DemoRequest(
        organisation="Municipalité de Dakar", country="SN", city="Dakar", language="fr",
        size=5, contact_name="Aminata Diop", contact_email="a.diop@villededakar.example",
        days=(64,), interests=("kiosk", "portal_demo"),
        members=(_m("Aminata Diop", "Directrice de la modernisation", head=True,
                    languages=("fr",)),),
        notes="Nous souhaitons voir les bornes de délivrance de documents.",
    ),
)
