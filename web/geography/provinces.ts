// Thailand's 77 provinces (TIS-1099 codes) with the 2023 number of constituencies.
export interface ProvinceSeed {
  code: string;
  nameTh: string;
  nameEn: string;
  constituencies: number;
}

const rows: [string, string, string, number][] = [
  ["10", "กรุงเทพมหานคร", "Bangkok", 33], ["11", "สมุทรปราการ", "Samut Prakan", 9], ["12", "นนทบุรี", "Nonthaburi", 8],
  ["13", "ปทุมธานี", "Pathum Thani", 7], ["14", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", 5], ["15", "อ่างทอง", "Ang Thong", 2],
  ["16", "ลพบุรี", "Lop Buri", 5], ["17", "สิงห์บุรี", "Sing Buri", 1], ["18", "ชัยนาท", "Chai Nat", 2],
  ["19", "สระบุรี", "Saraburi", 4], ["20", "ชลบุรี", "Chon Buri", 10], ["21", "ระยอง", "Rayong", 5],
  ["22", "จันทบุรี", "Chanthaburi", 3], ["23", "ตราด", "Trat", 1], ["24", "ฉะเชิงเทรา", "Chachoengsao", 4],
  ["25", "ปราจีนบุรี", "Prachin Buri", 3], ["26", "นครนายก", "Nakhon Nayok", 1], ["27", "สระแก้ว", "Sa Kaeo", 3],
  ["30", "นครราชสีมา", "Nakhon Ratchasima", 16], ["31", "บุรีรัมย์", "Buri Ram", 10], ["32", "สุรินทร์", "Surin", 8],
  ["33", "ศรีสะเกษ", "Si Sa Ket", 9], ["34", "อุบลราชธานี", "Ubon Ratchathani", 11], ["35", "ยโสธร", "Yasothon", 3],
  ["36", "ชัยภูมิ", "Chaiyaphum", 7], ["37", "อำนาจเจริญ", "Amnat Charoen", 2], ["38", "บึงกาฬ", "Bueng Kan", 3],
  ["39", "หนองบัวลำภู", "Nong Bua Lam Phu", 3], ["40", "ขอนแก่น", "Khon Kaen", 11], ["41", "อุดรธานี", "Udon Thani", 10],
  ["42", "เลย", "Loei", 4], ["43", "หนองคาย", "Nong Khai", 3], ["44", "มหาสารคาม", "Maha Sarakham", 6],
  ["45", "ร้อยเอ็ด", "Roi Et", 8], ["46", "กาฬสินธุ์", "Kalasin", 6], ["47", "สกลนคร", "Sakon Nakhon", 7],
  ["48", "นครพนม", "Nakhon Phanom", 4], ["49", "มุกดาหาร", "Mukdahan", 2], ["50", "เชียงใหม่", "Chiang Mai", 11],
  ["51", "ลำพูน", "Lamphun", 2], ["52", "ลำปาง", "Lampang", 4], ["53", "อุตรดิตถ์", "Uttaradit", 3],
  ["54", "แพร่", "Phrae", 3], ["55", "น่าน", "Nan", 3], ["56", "พะเยา", "Phayao", 3],
  ["57", "เชียงราย", "Chiang Rai", 7], ["58", "แม่ฮ่องสอน", "Mae Hong Son", 2], ["60", "นครสวรรค์", "Nakhon Sawan", 6],
  ["61", "อุทัยธานี", "Uthai Thani", 2], ["62", "กำแพงเพชร", "Kamphaeng Phet", 4], ["63", "ตาก", "Tak", 3],
  ["64", "สุโขทัย", "Sukhothai", 4], ["65", "พิษณุโลก", "Phitsanulok", 5], ["66", "พิจิตร", "Phichit", 3],
  ["67", "เพชรบูรณ์", "Phetchabun", 6], ["70", "ราชบุรี", "Ratchaburi", 5], ["71", "กาญจนบุรี", "Kanchanaburi", 5],
  ["72", "สุพรรณบุรี", "Suphan Buri", 5], ["73", "นครปฐม", "Nakhon Pathom", 6], ["74", "สมุทรสาคร", "Samut Sakhon", 3],
  ["75", "สมุทรสงคราม", "Samut Songkhram", 1], ["76", "เพชรบุรี", "Phetchaburi", 3], ["77", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", 3],
  ["80", "นครศรีธรรมราช", "Nakhon Si Thammarat", 10], ["81", "กระบี่", "Krabi", 3], ["82", "พังงา", "Phangnga", 1],
  ["83", "ภูเก็ต", "Phuket", 3], ["84", "สุราษฎร์ธานี", "Surat Thani", 7], ["85", "ระนอง", "Ranong", 1],
  ["86", "ชุมพร", "Chumphon", 3], ["90", "สงขลา", "Songkhla", 9], ["91", "สตูล", "Satun", 2],
  ["92", "ตรัง", "Trang", 4], ["93", "พัทลุง", "Phatthalung", 3], ["94", "ปัตตานี", "Pattani", 5],
  ["95", "ยะลา", "Yala", 3], ["96", "นราธิวาส", "Narathiwat", 5],
];

export const PROVINCES: ProvinceSeed[] = rows.map(([code, nameTh, nameEn, constituencies]) => ({ code, nameTh, nameEn, constituencies }));
