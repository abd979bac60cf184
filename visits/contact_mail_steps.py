"""Words of the mails a request's contact gets once a visit is proposed (SPEC §7.2): the
proposal itself, and the acknowledgement of each answer given on the tracking page. Kept
beside `visits.contact_mail` (which sends them) so that module stays readable.

{id} is the request's number, {version} the published version proposed.
"""

from __future__ import annotations

STEP_TEXTS: dict[str, dict[str, str]] = {
    "ko": {
        "proposal": "견학(번호 {id}) 일정을 제안드립니다(버전 {version}).",
        "look": "아래 링크에서 일정을 확인하신 뒤 확정하시거나 변경을 요청해 주십시오.",
        "confirmed": "견학(번호 {id}) 일정을 확정해 주셔서 감사합니다.",
        "changes": "견학(번호 {id}) 일정 변경 요청을 받았습니다. 검토 후 새 일정을 "
                   "보내드리겠습니다.",
        "withdrawn": "견학 요청(번호 {id})을 철회하셨습니다.",
    },
    "en": {
        "proposal": "We propose a programme for your visit (no. {id}): version {version}.",
        "look": "Please look at it on your request's page, then confirm it or ask for changes:",
        "confirmed": "Thank you for confirming the programme of your visit (no. {id}).",
        "changes": "We have received your wish for changes to your visit (no. {id}). We "
                   "will send you a new proposal.",
        "withdrawn": "You have withdrawn your visit request (no. {id}).",
    },
    "ja": {
        "proposal": "見学（番号 {id}）の日程をご提案します（第 {version} 版）。",
        "look": "次のページで日程をご確認のうえ、確定または変更のご依頼をお願いいたします：",
        "confirmed": "見学（番号 {id}）の日程をご確定いただき、ありがとうございます。",
        "changes": "見学（番号 {id}）の日程変更のご依頼を承りました。"
                   "新しい日程を改めてお送りします。",
        "withdrawn": "見学のご依頼（番号 {id}）を取り下げられました。",
    },
    "zh-Hans": {
        "proposal": "我们为您的参观（编号 {id}）拟定了日程（第 {version} 版）。",
        "look": "请在以下页面查看日程，然后确认或提出修改意见：",
        "confirmed": "感谢您确认参观（编号 {id}）的日程。",
        "changes": "我们已收到您对参观（编号 {id}）日程的修改意见，将另行发送新的日程。",
        "withdrawn": "您已撤回参观申请（编号 {id}）。",
    },
    "zh-Hant": {
        "proposal": "我們為您的參訪（編號 {id}）擬定了行程（第 {version} 版）。",
        "look": "請在以下頁面查看行程，然後確認或提出修改意見：",
        "confirmed": "感謝您確認參訪（編號 {id}）的行程。",
        "changes": "我們已收到您對參訪（編號 {id}）行程的修改意見，將另行寄送新的行程。",
        "withdrawn": "您已撤回參訪申請（編號 {id}）。",
    },
    "ru": {
        "proposal": "Мы предлагаем программу вашего визита (№ {id}): версия {version}.",
        "look": "Посмотрите её на странице заявки и подтвердите или попросите изменений:",
        "confirmed": "Спасибо за подтверждение программы визита (№ {id}).",
        "changes": "Мы получили ваши пожелания к программе визита (№ {id}) и пришлём новое "
                   "предложение.",
        "withdrawn": "Вы отозвали заявку на визит (№ {id}).",
    },
    "es": {
        "proposal": "Le proponemos un programa para su visita (n.º {id}): versión {version}.",
        "look": "Consúltelo en la página de su solicitud y confírmelo o pida cambios:",
        "confirmed": "Gracias por confirmar el programa de su visita (n.º {id}).",
        "changes": "Hemos recibido los cambios que desea para su visita (n.º {id}). Le "
                   "enviaremos una nueva propuesta.",
        "withdrawn": "Ha retirado su solicitud de visita (n.º {id}).",
    },
    "fr": {
        "proposal": "Nous vous proposons un programme pour votre visite (n° {id}) : version "
                    "{version}.",
        "look": "Consultez-le sur la page de votre demande, puis confirmez-le ou demandez "
                "des modifications :",
        "confirmed": "Merci d'avoir confirmé le programme de votre visite (n° {id}).",
        "changes": "Nous avons bien reçu vos souhaits de modification pour votre visite "
                   "(n° {id}). Nous vous enverrons une nouvelle proposition.",
        "withdrawn": "Vous avez retiré votre demande de visite (n° {id}).",
    },
    "id": {
        "proposal": "Kami mengusulkan program kunjungan Anda (no. {id}): versi {version}.",
        "look": "Silakan lihat di halaman permohonan Anda, lalu konfirmasi atau minta "
                "perubahan:",
        "confirmed": "Terima kasih telah mengonfirmasi program kunjungan Anda (no. {id}).",
        "changes": "Kami telah menerima permintaan perubahan untuk kunjungan Anda (no. {id}). "
                   "Kami akan mengirim usulan baru.",
        "withdrawn": "Anda telah menarik permohonan kunjungan Anda (no. {id}).",
    },
    "ms": {
        "proposal": "Kami mencadangkan program lawatan anda (no. {id}): versi {version}.",
        "look": "Sila lihat di halaman permohonan anda, kemudian sahkan atau minta "
                "perubahan:",
        "confirmed": "Terima kasih kerana mengesahkan program lawatan anda (no. {id}).",
        "changes": "Kami telah menerima permintaan perubahan untuk lawatan anda (no. {id}). "
                   "Kami akan menghantar cadangan baharu.",
        "withdrawn": "Anda telah menarik balik permohonan lawatan anda (no. {id}).",
    },
    "th": {
        "proposal": "เราขอเสนอกำหนดการเข้าเยี่ยมชมของท่าน (เลขที่ {id}) ฉบับที่ {version}",
        "look": "โปรดดูกำหนดการในหน้าคำขอของท่าน แล้วยืนยันหรือขอเปลี่ยนแปลง:",
        "confirmed": "ขอบคุณที่ยืนยันกำหนดการเข้าเยี่ยมชม (เลขที่ {id})",
        "changes": "เราได้รับคำขอเปลี่ยนแปลงกำหนดการ (เลขที่ {id}) แล้ว และจะส่งกำหนดการใหม่ให้ท่าน",
        "withdrawn": "ท่านได้ถอนคำขอเข้าเยี่ยมชม (เลขที่ {id}) แล้ว",
    },
    "vi": {
        "proposal": "Chúng tôi đề xuất chương trình cho chuyến tham quan của quý vị (số {id}): "
                    "phiên bản {version}.",
        "look": "Xin xem chương trình tại trang yêu cầu, rồi xác nhận hoặc đề nghị thay đổi:",
        "confirmed": "Cảm ơn quý vị đã xác nhận chương trình tham quan (số {id}).",
        "changes": "Chúng tôi đã nhận được đề nghị thay đổi cho chuyến tham quan (số {id}) và "
                   "sẽ gửi đề xuất mới.",
        "withdrawn": "Quý vị đã rút yêu cầu tham quan (số {id}).",
    },
    "ar": {
        "proposal": "نقترح عليكم برنامج زيارتكم (رقم {id}): النسخة {version}.",
        "look": "يرجى الاطلاع عليه في صفحة طلبكم، ثم تأكيده أو طلب تعديلات:",
        "confirmed": "شكرًا لتأكيدكم برنامج زيارتكم (رقم {id}).",
        "changes": "تلقينا طلبكم تعديل برنامج زيارتكم (رقم {id})، وسنرسل إليكم اقتراحًا جديدًا.",
        "withdrawn": "لقد سحبتم طلب الزيارة (رقم {id}).",
    },
    "tr": {
        "proposal": "Ziyaretiniz (no. {id}) için bir program öneriyoruz: sürüm {version}.",
        "look": "Lütfen talebinizin sayfasında inceleyin, ardından onaylayın veya değişiklik "
                "isteyin:",
        "confirmed": "Ziyaretinizin (no. {id}) programını onayladığınız için teşekkür ederiz.",
        "changes": "Ziyaretiniz (no. {id}) için değişiklik isteğinizi aldık. Size yeni bir "
                   "öneri göndereceğiz.",
        "withdrawn": "Ziyaret talebinizi (no. {id}) geri çektiniz.",
    },
}
