// PDPA consent texts. A new text gets a new version; what a volunteer agreed to is
// recorded with the version and the time.
export const CONSENT_TEXTS = {
  data_processing: {
    version: "2026-11-v1",
    th: "ข้าพเจ้ายินยอมให้องค์กรภาคีที่ข้าพเจ้าเลือกและผู้ดูแลระบบ เก็บและใช้ชื่อ เบอร์โทรศัพท์ เลขบัตรประชาชน (เก็บเฉพาะค่าแฮชและเลข 4 ตัวท้าย) วันเกิด และพื้นที่ที่สะดวก เพื่อจัดอาสาสมัครสังเกตการณ์และรายงานผลการนับคะแนนเลือกตั้งครั้งนี้เท่านั้น ข้าพเจ้าขอดูหรือลบข้อมูลของข้าพเจ้าได้ทุกเมื่อ",
    en: "I agree that the partner organisation I choose and the platform administrators may keep and use my name, phone number, national ID (only a keyed hash and the last 4 digits are kept), date of birth and preferred area, solely to organise volunteers who observe and report the count of this election. I may see or erase my data at any time.",
  },
  post_election_contact: {
    version: "2026-11-v1",
    th: "ติดต่อข้าพเจ้าได้หลังการเลือกตั้ง เกี่ยวกับกิจกรรมอาสาสมัครครั้งต่อไป (ไม่บังคับ)",
    en: "You may contact me after the election about future volunteering (optional).",
  },
} as const;
