"""Mail to a visit request's contact, in the language of their form beside Korean, queued
in the outbox in the change's own transaction (as the hosts' mail of visits.mail).

Strangers choose the address a request names, so these mails quote none of the text a
request brings (no organisation, no names, no notes): only its number, its dates, the
tracking link and, on a decline, the officer's reason.
"""

from __future__ import annotations

from datetime import date

from itineraries.labels import format_day, label_language
from visits.contact_mail_steps import STEP_TEXTS
from visits.models import OutboxMessage

# key → text; {id} is the request's number.
TEXTS: dict[str, dict[str, str]] = {
    "ko": {
        "about": "견학 요청(번호 {id}) 안내",
        "received": "견학 요청(번호 {id})을 접수했습니다.",
        "wished": "희망 날짜",
        "follow": "아래 링크에서 진행 상황을 확인하실 수 있습니다(다른 사람과 공유하지 마십시오).",
        "reply": "의전 담당 부서에서 곧 연락드리겠습니다.",
        "declined": "죄송합니다. 요청하신 견학(번호 {id})은 진행하기 어렵습니다.",
        "reason": "사유",
    },
    "en": {
        "about": "Your visit request (no. {id})",
        "received": "We have received your visit request (no. {id}).",
        "wished": "Wished dates",
        "follow": "Follow your request at this link (keep it to yourself):",
        "reply": "The protocol office will get back to you soon.",
        "declined": "We are sorry: we cannot host the visit you requested (no. {id}).",
        "reason": "Reason",
    },
    "ja": {
        "about": "見学のご依頼（番号 {id}）について",
        "received": "見学のご依頼（番号 {id}）を受け付けました。",
        "wished": "ご希望の日程",
        "follow": "進行状況は次のリンクでご確認いただけます（他の方とは共有しないでください）：",
        "reply": "担当部署より追ってご連絡いたします。",
        "declined": "誠に申し訳ございませんが、ご依頼の見学（番号 {id}）はお受けできません。",
        "reason": "理由",
    },
    "zh-Hans": {
        "about": "关于您的参观申请（编号 {id}）",
        "received": "我们已收到您的参观申请（编号 {id}）。",
        "wished": "希望日期",
        "follow": "请通过以下链接查看申请进度（请勿转给他人）：",
        "reply": "礼宾部门将尽快与您联系。",
        "declined": "很抱歉，我们无法接待您申请的参观（编号 {id}）。",
        "reason": "原因",
    },
    "zh-Hant": {
        "about": "關於您的參訪申請（編號 {id}）",
        "received": "我們已收到您的參訪申請（編號 {id}）。",
        "wished": "希望日期",
        "follow": "請透過以下連結查看申請進度（請勿轉給他人）：",
        "reply": "禮賓部門將盡快與您聯繫。",
        "declined": "很抱歉，我們無法接待您申請的參訪（編號 {id}）。",
        "reason": "原因",
    },
    "ru": {
        "about": "Ваша заявка на визит (№ {id})",
        "received": "Мы получили вашу заявку на визит (№ {id}).",
        "wished": "Желаемые даты",
        "follow": "Следить за заявкой можно по этой ссылке (не передавайте её другим):",
        "reply": "Протокольный отдел скоро свяжется с вами.",
        "declined": "К сожалению, мы не можем принять запрошенный вами визит (№ {id}).",
        "reason": "Причина",
    },
    "es": {
        "about": "Su solicitud de visita (n.º {id})",
        "received": "Hemos recibido su solicitud de visita (n.º {id}).",
        "wished": "Fechas deseadas",
        "follow": "Siga su solicitud en este enlace (no lo comparta):",
        "reply": "La oficina de protocolo se pondrá en contacto con usted en breve.",
        "declined": "Lo sentimos: no podemos recibir la visita que solicitó (n.º {id}).",
        "reason": "Motivo",
    },
    "fr": {
        "about": "Votre demande de visite (n° {id})",
        "received": "Nous avons bien reçu votre demande de visite (n° {id}).",
        "wished": "Dates souhaitées",
        "follow": "Suivez votre demande à ce lien (gardez-le pour vous) :",
        "reply": "Le service du protocole vous répondra prochainement.",
        "declined": "Nous sommes désolés : nous ne pouvons pas accueillir la visite "
                    "demandée (n° {id}).",
        "reason": "Motif",
    },
    "id": {
        "about": "Permohonan kunjungan Anda (no. {id})",
        "received": "Kami telah menerima permohonan kunjungan Anda (no. {id}).",
        "wished": "Tanggal yang diinginkan",
        "follow": "Pantau permohonan Anda melalui tautan ini (jangan dibagikan):",
        "reply": "Bagian protokol akan segera menghubungi Anda.",
        "declined": "Mohon maaf, kami tidak dapat menerima kunjungan yang Anda minta "
                    "(no. {id}).",
        "reason": "Alasan",
    },
    "ms": {
        "about": "Permohonan lawatan anda (no. {id})",
        "received": "Kami telah menerima permohonan lawatan anda (no. {id}).",
        "wished": "Tarikh pilihan",
        "follow": "Ikuti permohonan anda melalui pautan ini (jangan kongsi dengan orang lain):",
        "reply": "Pejabat protokol akan menghubungi anda tidak lama lagi.",
        "declined": "Harap maaf, kami tidak dapat menerima lawatan yang anda mohon (no. {id}).",
        "reason": "Sebab",
    },
    "th": {
        "about": "คำขอเข้าเยี่ยมชมของท่าน (เลขที่ {id})",
        "received": "เราได้รับคำขอเข้าเยี่ยมชมของท่านแล้ว (เลขที่ {id})",
        "wished": "วันที่ต้องการ",
        "follow": "ติดตามคำขอของท่านได้ที่ลิงก์นี้ (โปรดอย่าส่งต่อให้ผู้อื่น):",
        "reply": "สำนักงานพิธีการจะติดต่อกลับโดยเร็ว",
        "declined": "ขออภัย เราไม่สามารถรับการเข้าเยี่ยมชมตามที่ท่านขอ (เลขที่ {id}) ได้",
        "reason": "เหตุผล",
    },
    "vi": {
        "about": "Yêu cầu tham quan của quý vị (số {id})",
        "received": "Chúng tôi đã nhận được yêu cầu tham quan của quý vị (số {id}).",
        "wished": "Ngày mong muốn",
        "follow": "Theo dõi yêu cầu tại đường liên kết này (xin đừng chia sẻ):",
        "reply": "Văn phòng lễ tân sẽ sớm liên hệ với quý vị.",
        "declined": "Rất tiếc, chúng tôi không thể đón tiếp chuyến tham quan quý vị yêu cầu "
                    "(số {id}).",
        "reason": "Lý do",
    },
    "ar": {
        "about": "طلب الزيارة الخاص بكم (رقم {id})",
        "received": "تلقينا طلب الزيارة الخاص بكم (رقم {id}).",
        "wished": "التواريخ المرغوبة",
        "follow": "تابعوا طلبكم عبر هذا الرابط (يرجى عدم مشاركته):",
        "reply": "سيتواصل معكم مكتب المراسم قريبًا.",
        "declined": "نأسف، لا يمكننا استقبال الزيارة التي طلبتموها (رقم {id}).",
        "reason": "السبب",
    },
    "tr": {
        "about": "Ziyaret talebiniz (no. {id})",
        "received": "Ziyaret talebinizi aldık (no. {id}).",
        "wished": "İstenen tarihler",
        "follow": "Talebinizi bu bağlantıdan takip edebilirsiniz (lütfen paylaşmayın):",
        "reply": "Protokol birimi en kısa sürede size dönüş yapacaktır.",
        "declined": "Üzgünüz, talep ettiğiniz ziyareti (no. {id}) kabul edemiyoruz.",
        "reason": "Gerekçe",
    },
}


def mail_languages(form_language: str) -> list[str]:
    """Korean, then the contact's language (its catalogue; English when we have none)."""
    theirs = label_language(form_language)
    return ["ko"] if theirs == "ko" else ["ko", theirs]


def _subject(key: str, request_id: int, langs: list[str]) -> str:
    return " / ".join(TEXTS[lang][key].format(id=request_id).rstrip(".。") for lang in langs)


def _receipt_block(lang: str, request_id: int, dates: list[date], url: str) -> str:
    said = TEXTS[lang]
    days = "\n".join(f"  {i}. {format_day(day, lang)}" for i, day in enumerate(dates, 1))
    return "\n".join([said["received"].format(id=request_id), "", f"{said['wished']}:", days,
                      "", said["follow"], url, "", said["reply"]])


def _signature(org_name: str, org_email: str, org_phone: str) -> str:
    return f"{org_name}\n{org_email} · {org_phone}"


async def queue_receipt(to_email: str, form_language: str, request_id: int, dates: list[date],
                        url: str, office: tuple[str, str, str]) -> None:
    langs = mail_languages(form_language)
    blocks = [_receipt_block(lang, request_id, dates, url) for lang in langs]
    await _queue(to_email, _subject("received", request_id, langs), blocks, office)


async def queue_decline(to_email: str, form_language: str, request_id: int, reason: str,
                        office: tuple[str, str, str]) -> None:
    langs = mail_languages(form_language)
    sorry = "\n".join(TEXTS[lang]["declined"].format(id=request_id) for lang in langs)
    heading = " / ".join(TEXTS[lang]["reason"] for lang in langs)
    await _queue(to_email, _subject("about", request_id, langs),
                 [f"{sorry}\n\n{heading}:\n{reason}"], office)


async def queue_proposal(to_email: str, form_language: str, request_id: int, version: int,
                         url: str, office: tuple[str, str, str]) -> None:
    """A programme is proposed: its version, and the tracking link to confirm or answer."""
    langs = mail_languages(form_language)
    blocks = ["\n".join([STEP_TEXTS[lang]["proposal"].format(id=request_id, version=version),
                         "", STEP_TEXTS[lang]["look"], url]) for lang in langs]
    subject = " / ".join(STEP_TEXTS[lang]["proposal"].format(id=request_id, version=version)
                         .rstrip(".。") for lang in langs)
    await _queue(to_email, subject, blocks, office)


async def queue_answer_receipt(to_email: str, form_language: str, request_id: int,
                               answer: str, url: str, office: tuple[str, str, str]) -> None:
    """The contact's answer on the tracking page ("confirmed", "changes" or "withdrawn")
    acknowledged. Their message is not quoted: the office has it, the mail needs not."""
    langs = mail_languages(form_language)
    blocks = ["\n".join([STEP_TEXTS[lang][answer].format(id=request_id), "",
                         TEXTS[lang]["follow"], url]) for lang in langs]
    await _queue(to_email, _subject("about", request_id, langs), blocks, office)


async def _queue(to_email: str, subject: str, blocks: list[str],
                 office: tuple[str, str, str]) -> None:
    body = "\n\n----\n\n".join(blocks) + "\n\n-- \n" + _signature(*office)
    await OutboxMessage.create(to_email=to_email, subject=subject[:500], body=body)
