/** Types generated for queries found in "web/quickcount/quickcount.sql.server.ts" */
export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type stringArray = string[];

/** 'SelectFrame' parameters type */
export interface ISelectFrameParams {
  electionId: string;
}

/** 'SelectFrame' return type */
export interface ISelectFrameResult {
  code: string;
}

/** 'SelectFrame' query type */
export interface ISelectFrameQuery {
  params: ISelectFrameParams;
  result: ISelectFrameResult;
}

/** 'SelectUnitFigures' parameters type */
export interface ISelectUnitFiguresParams {
  ballot: string;
  electionId: string;
}

/** 'SelectUnitFigures' return type */
export interface ISelectUnitFiguresResult {
  ballotsUsed: number;
  eligible: number;
  invalid: number;
  unitCode: string;
  verified: boolean;
  voteNo: number;
  voters: number;
  votes: Json;
}

/** 'SelectUnitFigures' query type */
export interface ISelectUnitFiguresQuery {
  params: ISelectUnitFiguresParams;
  result: ISelectUnitFiguresResult;
}

/** 'InsertSampleRow' parameters type */
export interface IInsertSampleRowParams {
  anchorBatchId: string;
  at: DateOrString;
  commitment: string;
  drawnById: string;
  electionId: string;
  seed: number;
  size: number;
  strata: Json;
  units: stringArray;
}

/** 'InsertSampleRow' return type */
export type IInsertSampleRowResult = void;

/** 'InsertSampleRow' query type */
export interface IInsertSampleRowQuery {
  params: IInsertSampleRowParams;
  result: IInsertSampleRowResult;
}
