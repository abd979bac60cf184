"""Demo content: the facility catalogue of Guro-gu Office (구로구청), Seoul.

Pure data, used to seed a fresh database so the app can be tried at once. Nothing here
touches the database or imports the rest of the app. People, e-mail addresses and phone
extensions are fictitious (e-mail domains are under ``.example`` / ``.example.kr``).

Conventions shared by every constant:

* multilingual text is a ``dict`` of BCP 47 tag -> string; facilities always carry
  ``ko``, ``en``, ``ja`` and ``zh-Hans`` names and descriptions, their names also come in
  the languages of the demo delegations (``th``, ``ar``, ``ms``, ``id``, ``fr``, ``es``);
* opening and weekly hours are tuples of ``(weekday, "HH:MM", "HH:MM")`` with weekday
  0 = Monday … 6 = Sunday, local time of the organisation (Asia/Seoul);
* hosts refer to facilities by ``code``; a host user refers to a host by ``email``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Hours = tuple[tuple[int, str, str], ...]
Text = dict[str, str]

__all__ = [
    "COMPANIONS",
    "DELEGATIONS",
    "FACILITIES",
    "HOSTS",
    "USERS",
    "DemoCompanion",
    "DemoDelegation",
    "DemoFacility",
    "DemoHost",
    "DemoMember",
    "DemoUser",
    "Hours",
]


@dataclass(frozen=True)
class DemoFacility:
    code: str
    kind: str
    name: Text
    description: Text
    address: Text
    lat: float
    lon: float
    capacity: int
    duration_min: int
    buffer_min: int
    open_hours: Hours


@dataclass(frozen=True)
class DemoHost:
    name: Text
    email: str
    phone: str
    facility_codes: tuple[str, ...]
    languages: tuple[str, ...]
    weekly: Hours


@dataclass(frozen=True)
class DemoCompanion:
    """An interpreter, escort, driver or vehicle the protocol office can send along."""

    name: Text
    kind: Literal["interpreter", "escort", "driver", "vehicle"]
    email: str
    phone: str
    languages: tuple[str, ...]
    weekly: Hours
    seats: int | None = None


@dataclass(frozen=True)
class DemoMember:
    name: str  # as the delegation writes it, in its own script
    title: str
    head: bool = False
    romanized: str = ""  # Latin letters, for a name in another script
    role: str = "member"  # besides the head: member | interpreter | press | staff
    languages: tuple[str, ...] = ()
    diet: str = ""
    access: str = ""


@dataclass(frozen=True)
class DemoDelegation:
    name: Text
    country: str
    city: str
    language: str
    size: int
    contact_name: str
    contact_email: str
    members: tuple[DemoMember, ...]
    notes: str


@dataclass(frozen=True)
class DemoUser:
    email: str
    role: Literal["officer", "host"]
    password: str
    name: str = ""  # how pages name the person; a host user goes by the host's name


def _weekdays(*spans: tuple[str, str], days: tuple[int, ...] = (0, 1, 2, 3, 4)) -> Hours:
    """Hours for the given weekdays (default Mon–Fri), one entry per day and span."""
    return tuple((day, start, end) for day in days for start, end in spans)


OFFICE_HOURS: Hours = _weekdays(("09:00", "18:00"))

# ---------------------------------------------------------------------------------------
# Facilities
# ---------------------------------------------------------------------------------------

FACILITIES: tuple[DemoFacility, ...] = (
    DemoFacility(
        code="GR-MAYOR",
        kind="courtesy_call",
        name={
            "ko": "구청장 예방",
            "en": "Courtesy Call on the Mayor of Guro-gu",
            "ja": "九老区庁長表敬訪問",
            "zh-Hans": "礼节性拜会九老区厅长",
            "th": "การเข้าเยี่ยมคารวะนายกเทศมนตรีเขตคูโร",
            "ar": "زيارة مجاملة لعمدة منطقة غورو",
            "ms": "Kunjungan Hormat kepada Datuk Bandar Guro-gu",
            "id": "Kunjungan Kehormatan kepada Wali Kota Guro-gu",
            "fr": "Visite de courtoisie au maire de Guro-gu",
            "es": "Visita de cortesía al alcalde de Guro-gu",
        },
        description={
            "ko": "구청장 접견실에서 구청장과 인사를 나누고 기념품 교환과 기념 촬영을 합니다. "
            "이어서 방문단 대표의 인사말과 구 현황 소개가 있습니다.",
            "en": "The delegation is received by the Mayor of Guro-gu in the reception room "
            "for greetings, an exchange of gifts and a commemorative photo, followed by "
            "remarks from the head of the delegation and a briefing on the district.",
            "ja": "区庁長応接室で区庁長と挨拶を交わし、記念品の交換と記念撮影を行います。"
            "続いて訪問団代表の挨拶と区の概況紹介があります。",
            "zh-Hans": "在区厅长接见室与区厅长会面致意，互赠纪念品并合影留念，"
            "随后由代表团团长致辞，并听取区情介绍。",
        },
        address={
            "ko": "서울특별시 구로구 가마산로 245, 구로구청 본관 3층 구청장 접견실 (구로동)",
            "en": "Mayor's Reception Room, 3F Main Building, Guro-gu Office, "
            "245 Gamasan-ro, Guro-gu, Seoul",
        },
        lat=37.4954,
        lon=126.8874,
        capacity=15,
        duration_min=30,
        buffer_min=10,
        open_hours=_weekdays(("10:00", "12:00"), ("14:00", "16:00")),
    ),
    DemoFacility(
        code="GR-KIOSK",
        kind="kiosk",
        name={
            "ko": "무인민원발급기 (구청 종합민원실)",
            "en": "Unmanned Civil Document Kiosks (Civil Affairs Hall)",
            "ja": "証明書自動交付機（区庁総合窓口）",
            "zh-Hans": "无人证明文件自助发放机（区厅综合服务大厅）",
            "th": "ตู้บริการออกเอกสารราชการอัตโนมัติ (ห้องบริการประชาชน)",
            "ar": "أجهزة الخدمة الذاتية لإصدار الوثائق الرسمية (قاعة خدمة المواطنين)",
            "ms": "Kiosk Layan Diri Pengeluaran Dokumen Rasmi (Dewan Perkhidmatan Awam)",
            "id": "Kios Swalayan Penerbitan Dokumen Kependudukan (Aula Pelayanan Publik)",
            "fr": "Bornes automatiques de délivrance de documents administratifs "
            "(hall des services aux usagers)",
            "es": "Quioscos de autoservicio para la expedición de documentos oficiales "
            "(sala de atención ciudadana)",
        },
        description={
            "ko": "주민등록등본, 가족관계증명서, 토지대장 등 100여 종의 민원서류를 직원 없이 "
            "지문 인증만으로 발급받을 수 있는 무인민원발급기를 시연합니다.",
            "en": "Demonstration of the self-service kiosks that issue about a hundred kinds "
            "of civil documents (resident registration abstracts, family relation "
            "certificates, land registers and more) on fingerprint authentication alone, "
            "without a clerk.",
            "ja": "住民登録謄本、家族関係証明書、土地台帳など約100種類の証明書を、"
            "職員を介さず指紋認証だけで発行できる自動交付機を実演します。",
            "zh-Hans": "现场演示无需工作人员、仅凭指纹认证即可办理居民登记誊本、家庭关系证明书、"
            "土地台账等约100种证明文件的自助发放机。",
        },
        address={
            "ko": "서울특별시 구로구 가마산로 245, 구로구청 본관 1층 종합민원실 (구로동)",
            "en": "Civil Affairs Hall, 1F Main Building, Guro-gu Office, "
            "245 Gamasan-ro, Guro-gu, Seoul",
        },
        lat=37.4951,
        lon=126.8870,
        capacity=40,
        duration_min=30,
        buffer_min=0,
        open_hours=OFFICE_HOURS,
    ),
    DemoFacility(
        code="GR-ARCHI",
        kind="portal_demo",
        name={
            "ko": "건축포털 아키누리 시연",
            "en": "“Akinuri” Architecture Portal Demonstration",
            "ja": "建築ポータル「アキヌリ」デモンストレーション",
            "zh-Hans": "建筑门户网站“Akinuri”演示",
            "th": "การสาธิตพอร์ทัลงานสถาปัตยกรรม “อากินูรี”",
            "ar": "عرض توضيحي لبوابة العمارة الإلكترونية «أكينوري»",
            "ms": "Demonstrasi Portal Seni Bina “Akinuri”",
            "id": "Demonstrasi Portal Arsitektur “Akinuri”",
            "fr": "Démonstration du portail d’architecture « Akinuri »",
            "es": "Demostración del portal de arquitectura «Akinuri»",
        },
        description={
            "ko": "건축 인허가 신청부터 처리 현황 조회, 건축물 정보 열람까지 온라인으로 처리하는 "
            "건축행정 포털 '아키누리'를 담당 공무원이 직접 시연합니다.",
            "en": "An officer of the building department demonstrates “Akinuri”, the online "
            "portal for architecture administration: filing building permit applications, "
            "tracking their progress and looking up building records.",
            "ja": "建築許認可の申請から処理状況の照会、建築物情報の閲覧までをオンラインで行える"
            "建築行政ポータル「アキヌリ」を、担当職員が実演します。",
            "zh-Hans": "由主管公务员现场演示建筑行政门户网站“Akinuri”，"
            "可在线完成建筑许可申请、办理进度查询和建筑物信息查阅。",
        },
        address={
            "ko": "서울특별시 구로구 가마산로 245, 구로구청 신관 4층 건축과 (구로동)",
            "en": "Architecture Division, 4F New Annex, Guro-gu Office, "
            "245 Gamasan-ro, Guro-gu, Seoul",
        },
        lat=37.4947,
        lon=126.8881,
        capacity=25,
        duration_min=45,
        buffer_min=10,
        open_hours=OFFICE_HOURS,
    ),
    DemoFacility(
        code="GR-CCTV",
        kind="control_center",
        name={
            "ko": "구로구 통합관제센터",
            "en": "Guro-gu Integrated CCTV Control Center",
            "ja": "九老区統合管制センター",
            "zh-Hans": "九老区综合管控中心",
            "th": "ศูนย์ควบคุมกล้องวงจรปิดแบบบูรณาการเขตคูโร",
            "ar": "مركز التحكم المتكامل بكاميرات المراقبة في منطقة غورو",
            "ms": "Pusat Kawalan Bersepadu CCTV Guro-gu",
            "id": "Pusat Kendali CCTV Terpadu Guro-gu",
            "fr": "Centre intégré de vidéosurveillance de Guro-gu",
            "es": "Centro Integrado de Control de Videovigilancia de Guro-gu",
        },
        description={
            "ko": "방범, 어린이보호구역, 재난 감시용 CCTV를 24시간 한곳에서 모니터링하고, "
            "경찰·소방과 실시간으로 연계해 사건·사고에 대응하는 통합관제센터입니다.",
            "en": "Around-the-clock monitoring room for the district's crime-prevention, "
            "school-zone and disaster-watch CCTV cameras, linked in real time with the "
            "police and fire services to respond to incidents.",
            "ja": "防犯、スクールゾーン、災害監視用のCCTVを24時間一元的にモニタリングし、"
            "警察・消防とリアルタイムで連携して事件・事故に対応する統合管制センターです。",
            "zh-Hans": "对全区治安防范、儿童保护区及灾害监测监控摄像头进行24小时集中监控，"
            "并与警察、消防部门实时联动，快速应对各类案件和事故。",
        },
        address={
            "ko": "서울특별시 구로구 구로중앙로 198, 5층 (구로동)",
            "en": "5F, 198 Guro-jungang-ro, Guro-gu, Seoul",
        },
        lat=37.4990,
        lon=126.8852,
        capacity=20,
        duration_min=60,
        buffer_min=15,
        open_hours=OFFICE_HOURS,
    ),
    DemoFacility(
        code="GR-BCAST",
        kind="broadcast",
        name={
            "ko": "구로 인터넷방송국",
            "en": "Guro Internet Broadcasting Station",
            "ja": "九老インターネット放送局",
            "zh-Hans": "九老网络电视台",
            "th": "สถานีโทรทัศน์อินเทอร์เน็ตเขตคูโร",
            "ar": "محطة البث عبر الإنترنت في منطقة غورو",
            "ms": "Stesen Penyiaran Internet Guro",
            "id": "Stasiun Penyiaran Internet Guro",
            "fr": "Station de diffusion en ligne de Guro",
            "es": "Estación de radiodifusión por Internet de Guro",
        },
        description={
            "ko": "구정 소식, 구의회 본회의 생중계, 주민 참여 프로그램을 제작·송출하는 "
            "인터넷방송국입니다. 스튜디오와 부조정실을 둘러보고 뉴스 녹화를 체험합니다.",
            "en": "The district's internet broadcaster produces district news, live streams "
            "of council plenary sessions and programmes made with residents. Visitors tour "
            "the studio and control room and can try recording a news segment.",
            "ja": "区政ニュースや区議会本会議の生中継、住民参加番組を制作・配信する"
            "インターネット放送局です。スタジオと副調整室を見学し、ニュース収録を体験できます。",
            "zh-Hans": "负责制作和播出区政新闻、区议会全体会议直播及居民参与节目的网络电视台。"
            "可参观演播室和副控室，并体验新闻录制。",
        },
        address={
            "ko": "서울특별시 구로구 구로동로 148, 4층 (구로동)",
            "en": "4F, 148 Gurodong-ro, Guro-gu, Seoul",
        },
        lat=37.4908,
        lon=126.8838,
        capacity=15,
        duration_min=45,
        buffer_min=15,
        open_hours=OFFICE_HOURS,
    ),
    DemoFacility(
        code="GR-ITVOL",
        kind="volunteer_program",
        name={
            "ko": "구로구 IT봉사단",
            "en": "Guro-gu IT Volunteer Corps",
            "ja": "九老区ITボランティア団",
            "zh-Hans": "九老区IT志愿服务团",
            "th": "คณะอาสาสมัครไอทีเขตคูโร",
            "ar": "فريق متطوعي تقنية المعلومات في منطقة غورو",
            "ms": "Kor Sukarelawan IT Guro-gu",
            "id": "Korps Relawan TI Guro-gu",
            "fr": "Corps de bénévoles du numérique de Guro-gu",
            "es": "Cuerpo de Voluntarios TIC de Guro-gu",
        },
        description={
            "ko": "지역 IT 기업 직원, 대학생, 은퇴 전문가로 구성된 봉사단이 어르신, 장애인, "
            "다문화가정을 찾아가 PC 수리와 스마트폰 활용 교육을 제공합니다. "
            "활동 사례 발표와 단원 간담회로 진행됩니다.",
            "en": "Volunteers from local IT companies, university students and retired "
            "engineers visit older residents, people with disabilities and multicultural "
            "families to repair PCs and teach smartphone skills. The visit includes a "
            "presentation of their work and a talk with members.",
            "ja": "地元IT企業の社員、大学生、退職した専門家からなるボランティア団が、"
            "高齢者、障害のある方、多文化家庭を訪ね、パソコンの修理やスマートフォン講座を"
            "行っています。活動事例の紹介と団員との懇談を行います。",
            "zh-Hans": "由当地IT企业员工、大学生和退休专业人士组成的志愿服务团，"
            "上门为老年人、残障人士和多文化家庭维修电脑、开展智能手机使用培训。"
            "参观内容包括活动案例介绍及与团员座谈。",
        },
        address={
            "ko": "서울특별시 구로구 디지털로 288, 3층 (구로동)",
            "en": "3F, 288 Digital-ro, Guro-gu, Seoul",
        },
        lat=37.4845,
        lon=126.8958,
        capacity=25,
        duration_min=60,
        buffer_min=10,
        open_hours=OFFICE_HOURS,
    ),
    DemoFacility(
        code="GR-CLASS",
        kind="classroom",
        name={
            "ko": "구로구 정보화교실",
            "en": "Guro-gu IT Education Classroom",
            "ja": "九老区IT教育教室",
            "zh-Hans": "九老区信息化教育教室",
            "th": "ห้องเรียนเทคโนโลยีสารสนเทศเขตคูโร",
            "ar": "قاعة التدريب على تقنية المعلومات في منطقة غورو",
            "ms": "Makmal Pendidikan IT Guro-gu",
            "id": "Ruang Kelas Pendidikan TI Guro-gu",
            "fr": "Salle de formation au numérique de Guro-gu",
            "es": "Aula de Formación en TIC de Guro-gu",
        },
        description={
            "ko": "주민 누구나 컴퓨터 기초, 스마트폰, 디지털 금융과 키오스크 사용법, "
            "영상 편집 등을 무료로 배울 수 있는 교육장입니다. "
            "30석 규모 실습실에서 수업을 참관합니다.",
            "en": "Free classes for every resident in computer basics, smartphones, digital "
            "banking and kiosk use, video editing and more; delegations observe a lesson "
            "in the 30-seat computer lab.",
            "ja": "区民なら誰でも、パソコンの基礎、スマートフォン、デジタル金融やキオスク端末の"
            "使い方、動画編集などを無料で学べる教室です。30席の実習室で授業を見学します。",
            "zh-Hans": "面向全体居民免费开设电脑基础、智能手机、数字金融与自助终端使用、"
            "视频剪辑等课程。可在设有30个座位的实训教室观摩授课。",
        },
        address={
            "ko": "서울특별시 구로구 개봉로1길 188, 4층 (개봉동)",
            "en": "4F, 188 Gaebong-ro 1-gil, Gaebong-dong, Guro-gu, Seoul",
        },
        lat=37.4928,
        lon=126.8552,
        capacity=30,
        duration_min=60,
        buffer_min=15,
        open_hours=_weekdays(("09:00", "12:00"), ("13:00", "18:00")),
    ),
    DemoFacility(
        code="GR-LOVEPC",
        kind="other",
        name={
            "ko": "사랑의 PC 나눔센터",
            "en": "“PCs of Love” Refurbished PC Donation Programme",
            "ja": "「愛のPC」再生パソコン寄贈事業",
            "zh-Hans": "“爱心电脑”翻新电脑捐赠项目",
            "th": "โครงการ “คอมพิวเตอร์แห่งความรัก” มอบคอมพิวเตอร์ปรับสภาพ",
            "ar": "برنامج «حواسيب المحبة» للتبرع بالحواسيب المجددة",
            "ms": "Program Sumbangan Komputer Baik Pulih “PC Kasih Sayang”",
            "id": "Program Donasi PC Rekondisi “PC Cinta”",
            "fr": "Programme « PC de l’amour » : dons d’ordinateurs reconditionnés",
            "es": "Programa «PC del amor» de donación de computadores reacondicionados",
        },
        description={
            "ko": "공공기관과 기업에서 기증받은 중고 PC를 정비해 저소득 가정과 복지시설에 보급하는 "
            "사업입니다. 데이터 완전 삭제, 부품 교체, 소프트웨어 설치로 이어지는 재생 작업장을 "
            "둘러봅니다.",
            "en": "Used PCs donated by public bodies and companies are refurbished and given "
            "to low-income households and welfare facilities. Visitors walk through the "
            "workshop: secure data wiping, parts replacement and software installation.",
            "ja": "公共機関や企業から寄贈された中古パソコンを整備し、低所得世帯や福祉施設に届ける"
            "事業です。データの完全消去、部品交換、ソフトウェアのインストールと続く再生作業場を"
            "見学します。",
            "zh-Hans": "将公共机构和企业捐赠的旧电脑进行翻新，发放给低收入家庭和福利机构。"
            "参观翻新车间，了解数据彻底清除、零部件更换和软件安装等流程。",
        },
        address={
            "ko": "서울특별시 구로구 고척로27길 30, 1층 (고척동)",
            "en": "1F, 30 Gocheok-ro 27-gil, Gocheok-dong, Guro-gu, Seoul",
        },
        lat=37.5008,
        lon=126.8603,
        capacity=20,
        duration_min=40,
        buffer_min=10,
        open_hours=OFFICE_HOURS,
    ),
)

# ---------------------------------------------------------------------------------------
# Hosts
# ---------------------------------------------------------------------------------------

HOSTS: tuple[DemoHost, ...] = (
    DemoHost(
        name={"ko": "김민준", "en": "Kim Min-jun"},
        email="minjun.kim@guro.example.kr",
        phone="02-860-2431",
        facility_codes=("GR-CCTV",),
        languages=("ko", "en"),
        weekly=OFFICE_HOURS,
    ),
    DemoHost(
        # Wednesday off.
        name={"ko": "이서연", "en": "Lee Seo-yeon"},
        email="seoyeon.lee@guro.example.kr",
        phone="02-860-2432",
        facility_codes=("GR-CCTV", "GR-KIOSK"),
        languages=("ko", "en", "zh-Hans"),
        weekly=_weekdays(("09:00", "18:00"), days=(0, 1, 3, 4)),
    ),
    DemoHost(
        name={"ko": "임수빈", "en": "Lim Su-bin"},
        email="subin.lim@guro.example.kr",
        phone="02-860-2205",
        facility_codes=("GR-MAYOR", "GR-CCTV"),
        languages=("ko", "en", "fr"),
        weekly=OFFICE_HOURS,
    ),
    DemoHost(
        name={"ko": "윤성호", "en": "Yoon Sung-ho"},
        email="sungho.yoon@guro.example.kr",
        phone="02-860-2011",
        facility_codes=("GR-MAYOR", "GR-KIOSK"),
        languages=("ko", "en", "ja"),
        weekly=OFFICE_HOURS,
    ),
    DemoHost(
        name={"ko": "정현우", "en": "Jung Hyun-woo"},
        email="hyunwoo.jung@guro.example.kr",
        phone="02-860-2874",
        facility_codes=("GR-ARCHI",),
        languages=("ko", "en"),
        weekly=OFFICE_HOURS,
    ),
    DemoHost(
        name={"ko": "강하은", "en": "Kang Ha-eun"},
        email="haeun.kang@guro.example.kr",
        phone="02-860-2153",
        facility_codes=("GR-BCAST",),
        languages=("ko", "en", "es"),
        weekly=OFFICE_HOURS,
    ),
    DemoHost(
        name={"ko": "박지훈", "en": "Park Ji-hoon"},
        email="jihoon.park@guro.example.kr",
        phone="02-860-2567",
        facility_codes=("GR-ITVOL", "GR-LOVEPC"),
        languages=("ko", "en"),
        weekly=OFFICE_HOURS,
    ),
    DemoHost(
        name={"ko": "오준서", "en": "Oh Jun-seo"},
        email="junseo.oh@guro.example.kr",
        phone="02-860-2568",
        facility_codes=("GR-LOVEPC", "GR-ITVOL"),
        languages=("ko", "zh-Hans"),
        weekly=OFFICE_HOURS,
    ),
    DemoHost(
        name={"ko": "최유나", "en": "Choi Yu-na"},
        email="yuna.choi@guro.example.kr",
        phone="02-860-2562",
        facility_codes=("GR-CLASS",),
        languages=("ko", "ja"),
        weekly=OFFICE_HOURS,
    ),
    DemoHost(
        # Part-time: Monday, Wednesday and Friday mornings.
        name={"ko": "한지민", "en": "Han Ji-min"},
        email="jimin.han@guro.example.kr",
        phone="02-860-2569",
        facility_codes=("GR-CLASS", "GR-ITVOL", "GR-KIOSK"),
        languages=("ko", "ru", "en"),
        weekly=_weekdays(("09:00", "13:00"), days=(0, 2, 4)),
    ),
)

# ---------------------------------------------------------------------------------------
# Companions: interpreters for the delegations' languages, an escort, a driver, a bus
# ---------------------------------------------------------------------------------------

_LONG_DAYS = _weekdays(("08:00", "19:00"))
COMPANIONS: tuple[DemoCompanion, ...] = (
    DemoCompanion({"ko": "오하나", "en": "Oh Ha-na"}, "interpreter", "hana.oh@interp.example.kr",
                  "010-2301-4410", ("ko", "ja", "en"), _LONG_DAYS),
    DemoCompanion({"ko": "진웨이", "en": "Jin Wei"}, "interpreter", "wei.jin@interp.example.kr",
                  "010-2301-4420", ("ko", "zh-Hans", "zh-Hant"), _LONG_DAYS),
    DemoCompanion({"ko": "한지우", "en": "Han Ji-woo"}, "interpreter",
                  "jiwoo.han@interp.example.kr", "010-2301-4430", ("ko", "en", "fr"),
                  _LONG_DAYS),
    DemoCompanion({"ko": "서나래", "en": "Seo Na-rae"}, "interpreter",
                  "narae.seo@interp.example.kr", "010-2301-4440", ("ko", "th"), _LONG_DAYS),
    DemoCompanion({"ko": "배유나", "en": "Bae Yu-na"}, "interpreter",
                  "yuna.bae@interp.example.kr", "010-2301-4450", ("ko", "ar", "en"),
                  _weekdays(("09:00", "18:00"), days=(0, 1, 2, 3))),
    DemoCompanion({"ko": "문가영", "en": "Moon Ga-young"}, "interpreter",
                  "gayoung.moon@interp.example.kr", "010-2301-4460", ("ko", "es", "ms"),
                  _LONG_DAYS),
    DemoCompanion({"ko": "장도윤", "en": "Jang Do-yun"}, "escort",
                  "doyun.jang@guro.example.kr", "02-860-2010", ("ko", "en"), OFFICE_HOURS),
    DemoCompanion({"ko": "최병철", "en": "Choi Byeong-cheol"}, "driver",
                  "byeongcheol.choi@guro.example.kr", "010-5520-1100", ("ko",), _LONG_DAYS),
    DemoCompanion({"ko": "구청 45인승 버스 (서울 70사 1234)", "en": "Guro-gu 45-seat bus"},
                  "vehicle", "dispatch@guro.example.kr", "02-860-2020", (), _LONG_DAYS,
                  seats=45),
    DemoCompanion({"ko": "구청 12인승 승합차", "en": "Guro-gu 12-seat van"}, "vehicle",
                  "dispatch@guro.example.kr", "02-860-2020", (), _LONG_DAYS, seats=12),
)

# ---------------------------------------------------------------------------------------
# Delegations (fictitious people; the organisations are the kind that visit, per SPEC §1)
# ---------------------------------------------------------------------------------------

DELEGATIONS: tuple[DemoDelegation, ...] = (
    DemoDelegation(
        name={
            "ko": "일본 기타큐슈시 시장 일행",
            "en": "Kitakyushu City Mayor's Delegation",
            "ja": "北九州市長一行",
        },
        country="JP",
        city="Kitakyushu",
        language="ja",
        size=8,
        contact_name="佐藤 美咲",
        contact_email="misaki.sato@city.kitakyushu.example",
        members=(
            DemoMember("山本 健一", "北九州市長", head=True,
                       romanized="Kenichi Yamamoto", languages=("ja",), access="휠체어 사용"),
            DemoMember("佐藤 美咲", "デジタル市役所推進室 課長",
                       romanized="Misaki Sato", languages=("ja", "en")),
            DemoMember("田中 浩二", "北九州市議会議員",
                       romanized="Koji Tanaka", languages=("ja",)),
            DemoMember("鈴木 直樹", "危機管理室 防災課 係長",
                       romanized="Naoki Suzuki", languages=("ja",), diet="날생선 제외"),
            DemoMember("高橋 由美", "秘書室 通訳",
                       romanized="Yumi Takahashi", role="interpreter", languages=("ja", "ko")),
        ),
        notes="시장 포함 8명. 통합관제센터와 무인민원발급기에 특히 관심. "
        "일본어 응대 가능: 윤성호(구청장 예방·민원실), 최유나(정보화교실).",
    ),
    DemoDelegation(
        name={
            "ko": "중국 베이징시 퉁저우구 대표단",
            "en": "Beijing Tongzhou District Delegation",
            "zh-Hans": "北京市通州区代表团",
        },
        country="CN",
        city="Beijing",
        language="zh-Hans",
        size=12,
        contact_name="刘洋",
        contact_email="liu.yang@tongzhou.example",
        members=(
            DemoMember("王建国", "通州区副区长", head=True,
                       romanized="Wang Jianguo", languages=("zh-Hans",)),
            DemoMember("李晓梅", "通州区政务服务中心主任",
                       romanized="Li Xiaomei", languages=("zh-Hans", "en")),
            DemoMember("张伟", "通州区经济和信息化局副局长",
                       romanized="Zhang Wei", languages=("zh-Hans",), diet="채식"),
            DemoMember("刘洋", "通州区城市管理委员会科长",
                       romanized="Liu Yang", languages=("zh-Hans",)),
            DemoMember("陈静", "翻译",
                       romanized="Chen Jing", role="interpreter", languages=("zh-Hans", "ko")),
        ),
        notes="12명. 스마트 도시관리·CCTV 관제 벤치마킹 목적. 중국어 응대 가능: "
        "이서연(수요일 휴무), 오준서. 기념품 교환 예정.",
    ),
    DemoDelegation(
        name={
            "ko": "태국 쭐랄롱꼰대학교 정치학부 교수단",
            "en": "Chulalongkorn University Faculty of Political Science Study Visit",
            "th": "คณะศึกษาดูงาน คณะรัฐศาสตร์ จุฬาลงกรณ์มหาวิทยาลัย",
        },
        country="TH",
        city="Bangkok",
        language="th",
        size=6,
        contact_name="กมลวรรณ ศรีสุข",
        contact_email="kamonwan.s@polsci.chula.example",
        members=(
            DemoMember("ประเสริฐ วงศ์สวัสดิ์", "รองศาสตราจารย์ รองคณบดีฝ่ายวิเทศสัมพันธ์", head=True,
                       romanized="Prasert Wongsawat", languages=("th", "en")),
            DemoMember("กมลวรรณ ศรีสุข", "ผู้ช่วยศาสตราจารย์ ภาควิชารัฐประศาสนศาสตร์",
                       romanized="Kamonwan Srisuk", languages=("th", "en")),
            DemoMember("ธนากร บุญมา", "อาจารย์ ภาควิชาการปกครอง",
                       romanized="Thanakorn Bunma", languages=("th",)),
            DemoMember("พิมพ์ชนก แก้วมณี", "นักวิจัย ศูนย์ศึกษานโยบายสาธารณะ",
                       romanized="Pimchanok Kaewmanee", languages=("th", "en"), diet="소고기 제외"),
        ),
        notes="교수 및 연구원 6명(학술 목적). 전자정부 정책 자료 영문본 요청. "
        "태국어 통역은 방문단이 직접 동행.",
    ),
    DemoDelegation(
        name={
            "ko": "콜롬비아 모스케라시 대표단",
            "en": "Municipality of Mosquera (Colombia) Delegation",
            "es": "Delegación de la Alcaldía de Mosquera (Cundinamarca)",
        },
        country="CO",
        city="Mosquera",
        language="es",
        size=5,
        contact_name="Juan Camilo Herrera",
        contact_email="jc.herrera@mosquera.example",
        members=(
            DemoMember("Carolina Martínez Rojas", "Secretaria de Planeación", head=True),
            DemoMember("Juan Camilo Herrera", "Jefe de la Oficina de TIC"),
            DemoMember("Diana Marcela López Pardo", "Secretaria de Gobierno"),
            DemoMember("Luis Eduardo Castro", "Concejal municipal"),
        ),
        notes="5명. 주한 콜롬비아 대사관 추천 방문. 스페인어 응대: 강하은(인터넷방송국). "
        "정보화교실·사랑의 PC 등 정보격차 해소 사업에 관심.",
    ),
    DemoDelegation(
        name={
            "ko": "말레이시아 통신멀티미디어위원회(MCMC) 대표단",
            "en": "Malaysian Communications and Multimedia Commission (MCMC) Delegation",
            "ms": "Delegasi Suruhanjaya Komunikasi dan Multimedia Malaysia (SKMM)",
        },
        country="MY",
        city="Cyberjaya",
        language="ms",
        size=10,
        contact_name="Nurul Huda binti Ismail",
        contact_email="nurulhuda@mcmc.example",
        members=(
            DemoMember("Ahmad Faizal bin Abdul Rahman",
                       "Pengarah Kanan, Jabatan Pembangunan Komuniti Digital", head=True,
                       languages=("ms", "en"), diet="할랄"),
            DemoMember("Nurul Huda binti Ismail", "Timbalan Pengarah, Jabatan Dasar dan Strategi",
                       languages=("ms", "en"), diet="할랄"),
            DemoMember("Lim Wei Ming", "Pengurus Program Pusat Internet Komuniti"),
            DemoMember("Kavitha a/p Subramaniam", "Penolong Pengurus, Unit Hubungan Antarabangsa",
                       languages=("ms", "en", "ta"), diet="채식"),
        ),
        notes="10명. 인터넷방송국과 IT봉사단 운영 사례에 관심. 영어로 진행. "
        "점심은 할랄 식당으로 예약.",
    ),
    DemoDelegation(
        name={
            "ko": "오만 무스카트시청 대표단",
            "en": "Muscat Municipality (Oman) Delegation",
            "ar": "وفد بلدية مسقط",
        },
        country="OM",
        city="Muscat",
        language="ar",
        size=7,
        contact_name="فاطمة بنت علي البلوشية",
        contact_email="f.albalushi@muscat.example",
        members=(
            DemoMember("سالم بن حمد الحارثي", "المدير العام للتحول الرقمي", head=True,
                       romanized="Salim bin Hamad Al Harthi", languages=("ar", "en"), diet="할랄"),
            DemoMember("فاطمة بنت علي البلوشية", "مديرة دائرة الخدمات الإلكترونية",
                       romanized="Fatma bint Ali Al Balushi", languages=("ar", "en"), diet="할랄"),
            DemoMember("خالد بن سعيد الراشدي", "رئيس قسم أنظمة المراقبة الأمنية",
                       romanized="Khalid bin Said Al Rashdi", languages=("ar",), diet="할랄"),
            DemoMember("مريم بنت ناصر الكندية", "أخصائية علاقات دولية",
                       romanized="Maryam bint Nasser Al Kindi", languages=("ar", "en"),
                       diet="할랄"),
        ),
        notes="7명. 통합관제센터와 건축포털 아키누리에 관심. 아랍어-한국어 통역사 별도 섭외 필요. "
        "할랄 식사, 기도 시간(정오 무렵) 고려.",
    ),
)

# ---------------------------------------------------------------------------------------
# Users (demo log-ins; the host user is linked to the host with the same e-mail and goes
# by the host's name, the officer by their own)
# ---------------------------------------------------------------------------------------

USERS: tuple[DemoUser, ...] = (
    DemoUser(
        email="officer@guro.example.kr",
        role="officer",
        password="demo-officer-2026",  # noqa: S106 - published demo credential
        name="송지은",
    ),
    DemoUser(
        email="minjun.kim@guro.example.kr",
        role="host",
        password="demo-host-2026",  # noqa: S106 - published demo credential
    ),
)
