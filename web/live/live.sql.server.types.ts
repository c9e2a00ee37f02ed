/** Types generated for queries found in "web/live/live.sql.server.ts" */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

export type stringArray = string[];

/** 'CallLiveSubmitMany' parameters type */
export interface ICallLiveSubmitManyParams {
  maxStep: number;
  snapshots: Json;
}

/** 'CallLiveSubmitMany' return type */
export interface ICallLiveSubmitManyResult {
  outcome: string | null;
  stored: Json | null;
  stored_seq: number | null;
}

/** 'CallLiveSubmitMany' query type */
export interface ICallLiveSubmitManyQuery {
  params: ICallLiveSubmitManyParams;
  result: ICallLiveSubmitManyResult;
}

/** 'CallLiveFold' parameters type */
export interface ICallLiveFoldParams {
  divergeShare: NumberOrString;
  finalDiffersShare: NumberOrString;
  limit: number;
}

/** 'CallLiveFold' return type */
export interface ICallLiveFoldResult {
  n: number;
}

/** 'CallLiveFold' query type */
export interface ICallLiveFoldQuery {
  params: ICallLiveFoldParams;
  result: ICallLiveFoldResult;
}

/** 'SelectLiveAreas' parameters type */
export interface ISelectLiveAreasParams {
  areaCode?: string | null | void;
  ballot: string;
  electionId: string;
}

/** 'SelectLiveAreas' return type */
export interface ISelectLiveAreasResult {
  areaCode: string;
  ballots: number;
  invalid: number;
  knownBallots: number;
  knownEligible: number;
  unitsCounting: number;
  unitsFinal: number;
  unitsFinished: number;
  voteNo: number;
}

/** 'SelectLiveAreas' query type */
export interface ISelectLiveAreasQuery {
  params: ISelectLiveAreasParams;
  result: ISelectLiveAreasResult;
}

/** 'SelectLiveAreaVotes' parameters type */
export interface ISelectLiveAreaVotesParams {
  areaCode?: string | null | void;
  ballot: string;
  electionId: string;
}

/** 'SelectLiveAreaVotes' return type */
export interface ISelectLiveAreaVotesResult {
  areaCode: string;
  number: number;
  votes: number;
}

/** 'SelectLiveAreaVotes' query type */
export interface ISelectLiveAreaVotesQuery {
  params: ISelectLiveAreaVotesParams;
  result: ISelectLiveAreaVotesResult;
}

/** 'SelectFlaggedLiveUnits' parameters type */
export interface ISelectFlaggedLiveUnitsParams {
  electionId: string;
  prefixes?: stringArray | null | void;
  take: NumberOrString;
}

/** 'SelectFlaggedLiveUnits' return type */
export interface ISelectFlaggedLiveUnitsResult {
  areaCode: string;
  ballot: string;
  ballots: number;
  devices: number;
  eligible: number | null;
  final: boolean;
  finished: boolean;
  flags: stringArray;
  unitCode: string;
  updatedAt: Date;
}

/** 'SelectFlaggedLiveUnits' query type */
export interface ISelectFlaggedLiveUnitsQuery {
  params: ISelectFlaggedLiveUnitsParams;
  result: ISelectFlaggedLiveUnitsResult;
}

/** 'SelectUnitSnapshots' parameters type */
export interface ISelectUnitSnapshotsParams {
  ballot: string;
  electionId: string;
  unitCode: string;
}

/** 'SelectUnitSnapshots' return type */
export interface ISelectUnitSnapshotsResult {
  ballots: number;
  deviceId: string;
  finished: boolean;
  flags: stringArray;
  invalid: number;
  receivedAt: Date;
  seq: number;
  userId: string;
  voteNo: number;
  votes: Json;
}

/** 'SelectUnitSnapshots' query type */
export interface ISelectUnitSnapshotsQuery {
  params: ISelectUnitSnapshotsParams;
  result: ISelectUnitSnapshotsResult;
}

/** 'SelectLiveDrift' parameters type */
export interface ISelectLiveDriftParams {
  electionId: string;
}

/** 'SelectLiveDrift' return type */
export interface ISelectLiveDriftResult {
  areaCode: string;
  ballot: string;
  kept: number;
  number: number | null;
  recomputed: number;
}

/** 'SelectLiveDrift' query type */
export interface ISelectLiveDriftQuery {
  params: ISelectLiveDriftParams;
  result: ISelectLiveDriftResult;
}
