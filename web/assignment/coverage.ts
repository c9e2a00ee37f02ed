// Coverage figures, shared by the server and the pages.

export interface CoverageRow {
  id: string; // constituency id, province code, or "TH"
  units: number;
  reporters: number;
  backups: number;
  accepted: number;
  /** Approved polling-unit volunteers who prefer this area and have no unit yet. */
  available: number;
}

export const uncoveredOf = (r: CoverageRow) => r.units - r.reporters;
