/** Types generated for queries found in "web/tally/tally.sql.server.ts" */
export type ResultStatus = "disputed" | "escalated" | "reported" | "silent" | "verified";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type stringArray = string[];

/** 'CallTallySubmitMany' parameters type */
export interface ICallTallySubmitManyParams {
  entries: Json;
}

/** 'CallTallySubmitMany' return type */
export interface ICallTallySubmitManyResult {
  entry_flags: stringArray | null;
  entry_id: string | null;
  outcome: string | null;
  result_status: ResultStatus | null;
}

/** 'CallTallySubmitMany' query type */
export interface ICallTallySubmitManyQuery {
  params: ICallTallySubmitManyParams;
  result: ICallTallySubmitManyResult;
}

/** 'SelectUnreported' parameters type */
export interface ISelectUnreportedParams {
  electionId: string;
}

/** 'SelectUnreported' return type */
export interface ISelectUnreportedResult {
  ballot: string;
  unit: string;
}

/** 'SelectUnreported' query type */
export interface ISelectUnreportedQuery {
  params: ISelectUnreportedParams;
  result: ISelectUnreportedResult;
}

/** 'CallResultSilence' parameters type */
export interface ICallResultSilenceParams {
  keys: Json;
}

/** 'CallResultSilence' return type */
export interface ICallResultSilenceResult {
  ballot: string;
  unitCode: string;
}

/** 'CallResultSilence' query type */
export interface ICallResultSilenceQuery {
  params: ICallResultSilenceParams;
  result: ICallResultSilenceResult;
}

/** 'CallResultDecide' parameters type */
export interface ICallResultDecideParams {
  accepts: stringArray;
  actorId: string;
  ballot: string;
  electionId: string;
  entryId: string;
  from: stringArray;
  reason: string;
  unitCode: string;
}

/** 'CallResultDecide' return type */
export interface ICallResultDecideResult {
  outcome: string;
}

/** 'CallResultDecide' query type */
export interface ICallResultDecideQuery {
  params: ICallResultDecideParams;
  result: ICallResultDecideResult;
}

/** 'CallResultEscalate' parameters type */
export interface ICallResultEscalateParams {
  actorId: string;
  ballot: string;
  electionId: string;
  from: stringArray;
  reason: string;
  unitCode: string;
}

/** 'CallResultEscalate' return type */
export interface ICallResultEscalateResult {
  outcome: string;
}

/** 'CallResultEscalate' query type */
export interface ICallResultEscalateQuery {
  params: ICallResultEscalateParams;
  result: ICallResultEscalateResult;
}

/** 'SelectAreaTotals' parameters type */
export interface ISelectAreaTotalsParams {
  electionId: string;
}

/** 'SelectAreaTotals' return type */
export interface ISelectAreaTotalsResult {
  areaCode: string;
  ballot: string;
  eligible: number;
  invalid: number;
  units: number;
  used: number;
  voteNo: number;
  voters: number;
}

/** 'SelectAreaTotals' query type */
export interface ISelectAreaTotalsQuery {
  params: ISelectAreaTotalsParams;
  result: ISelectAreaTotalsResult;
}

/** 'SelectVoteTotals' parameters type */
export interface ISelectVoteTotalsParams {
  electionId: string;
}

/** 'SelectVoteTotals' return type */
export interface ISelectVoteTotalsResult {
  areaCode: string;
  ballot: string;
  number: number;
  votes: number;
}

/** 'SelectVoteTotals' query type */
export interface ISelectVoteTotalsQuery {
  params: ISelectVoteTotalsParams;
  result: ISelectVoteTotalsResult;
}

/** 'SelectLevelFactsDrift' parameters type */
export interface ISelectLevelFactsDriftParams {
  electionId: string;
}

/** 'SelectLevelFactsDrift' return type */
export interface ISelectLevelFactsDriftResult {
  ballot: string;
  unitCode: string;
}

/** 'SelectLevelFactsDrift' query type */
export interface ISelectLevelFactsDriftQuery {
  params: ISelectLevelFactsDriftParams;
  result: ISelectLevelFactsDriftResult;
}

/** 'SelectStateCountsDrift' parameters type */
export interface ISelectStateCountsDriftParams {
  electionId: string;
}

/** 'SelectStateCountsDrift' return type */
export interface ISelectStateCountsDriftResult {
  areaCode: string;
  ballot: string;
  counted: number;
  kept: number;
  status: ResultStatus;
}

/** 'SelectStateCountsDrift' query type */
export interface ISelectStateCountsDriftQuery {
  params: ISelectStateCountsDriftParams;
  result: ISelectStateCountsDriftResult;
}

/** 'SelectRecomputedAreaTotals' parameters type */
export interface ISelectRecomputedAreaTotalsParams {
  electionId: string;
}

/** 'SelectRecomputedAreaTotals' return type */
export interface ISelectRecomputedAreaTotalsResult {
  areaCode: string;
  ballot: string;
  eligible: number;
  invalid: number;
  units: number;
  used: number;
  voteNo: number;
  voters: number;
}

/** 'SelectRecomputedAreaTotals' query type */
export interface ISelectRecomputedAreaTotalsQuery {
  params: ISelectRecomputedAreaTotalsParams;
  result: ISelectRecomputedAreaTotalsResult;
}

/** 'SelectRecomputedVoteTotals' parameters type */
export interface ISelectRecomputedVoteTotalsParams {
  electionId: string;
}

/** 'SelectRecomputedVoteTotals' return type */
export interface ISelectRecomputedVoteTotalsResult {
  areaCode: string;
  ballot: string;
  number: number;
  votes: number;
}

/** 'SelectRecomputedVoteTotals' query type */
export interface ISelectRecomputedVoteTotalsQuery {
  params: ISelectRecomputedVoteTotalsParams;
  result: ISelectRecomputedVoteTotalsResult;
}
