// A place written as Thai addresses write it. Bangkok's districts are เขต and its
// subdistricts แขวง, and the city is not a จังหวัด; everywhere else it is ต. / อ. / จ.
// (issue 18: Bangkok's units were addressed with ต. and อ.).
export const BANGKOK = "10";

export interface Place {
  subdistrictTh: string;
  districtTh: string;
  provinceTh: string;
  provinceCode: string;
}

export function thaiPlace({ subdistrictTh, districtTh, provinceTh, provinceCode }: Place): string {
  return provinceCode === BANGKOK
    ? `แขวง${subdistrictTh} เขต${districtTh} ${provinceTh}`
    : `ต.${subdistrictTh} อ.${districtTh} จ.${provinceTh}`;
}
