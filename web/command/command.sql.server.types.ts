/** Types generated for queries found in "web/command/command.sql.server.ts" */
export type CallOutcome = "called" | "noAnswer" | "reached" | "replaced";

export type ResultStatus = "disputed" | "escalated" | "reported" | "silent" | "verified";

export type DateOrString = Date | string;

export type NumberOrString = number | string;

export type stringArray = string[];

/** 'SelectBoardVersion' parameters type */
export interface ISelectBoardVersionParams {
  electionId: string;
}

/** 'SelectBoardVersion' return type */
export interface ISelectBoardVersionResult {
  live: string;
  seq: number;
  states: string;
}

/** 'SelectBoardVersion' query type */
export interface ISelectBoardVersionQuery {
  params: ISelectBoardVersionParams;
  result: ISelectBoardVersionResult;
}

/** 'SelectAreaFacts' parameters type */
export interface ISelectAreaFactsParams {
  ballot: string;
  electionId: string;
}

/** 'SelectAreaFacts' return type */
export interface ISelectAreaFactsResult {
  areaCode: string;
  eligible: number;
  nameEn: string;
  nameTh: string;
  provinceCode: string;
  seats: number;
  units: number;
}

/** 'SelectAreaFacts' query type */
export interface ISelectAreaFactsQuery {
  params: ISelectAreaFactsParams;
  result: ISelectAreaFactsResult;
}

/** 'SelectRankedVotes' parameters type */
export interface ISelectRankedVotesParams {
  ballot: string;
  electionId: string;
}

/** 'SelectRankedVotes' return type */
export interface ISelectRankedVotesResult {
  areaCode: string;
  number: number;
  rank: number;
  votes: number;
}

/** 'SelectRankedVotes' query type */
export interface ISelectRankedVotesQuery {
  params: ISelectRankedVotesParams;
  result: ISelectRankedVotesResult;
}

/** 'SelectOpenFigures' parameters type */
export interface ISelectOpenFiguresParams {
  ballot: string;
  electionId: string;
  unknownCap: number;
}

/** 'SelectOpenFigures' return type */
export interface ISelectOpenFiguresResult {
  areaCode: string;
  outstanding: number;
  quarantined: number;
  units: number;
}

/** 'SelectOpenFigures' query type */
export interface ISelectOpenFiguresQuery {
  params: ISelectOpenFiguresParams;
  result: ISelectOpenFiguresResult;
}

/** 'SelectCountingUnits' parameters type */
export interface ISelectCountingUnitsParams {
  ballot: string;
  electionId: string;
}

/** 'SelectCountingUnits' return type */
export interface ISelectCountingUnitsResult {
  areaCode: string;
  n: number;
}

/** 'SelectCountingUnits' query type */
export interface ISelectCountingUnitsQuery {
  params: ISelectCountingUnitsParams;
  result: ISelectCountingUnitsResult;
}

/** 'SelectLateCounts' parameters type */
export interface ISelectLateCountsParams {
  ballot: string;
  electionId: string;
}

/** 'SelectLateCounts' return type */
export interface ISelectLateCountsResult {
  areaCode: string;
  late: number;
}

/** 'SelectLateCounts' query type */
export interface ISelectLateCountsQuery {
  params: ISelectLateCountsParams;
  result: ISelectLateCountsResult;
}

/** 'SelectLateUnits' parameters type */
export interface ISelectLateUnitsParams {
  ballot: string;
  constituencies?: stringArray | null | void;
  electionId: string;
  take: NumberOrString;
}

/** 'SelectLateUnits' return type */
export interface ISelectLateUnitsResult {
  areaCode: string;
  backupId: string | null;
  eligibleVoters: number | null;
  inSample: boolean;
  lastCall: CallOutcome | null;
  lastCallAt: Date | null;
  locationName: string;
  reporterId: string | null;
  unitCode: string;
}

/** 'SelectLateUnits' query type */
export interface ISelectLateUnitsQuery {
  params: ISelectLateUnitsParams;
  result: ISelectLateUnitsResult;
}

/** 'SelectUnitStates' parameters type */
export interface ISelectUnitStatesParams {
  ballot: string;
  constituencyId: string;
  electionId: string;
}

/** 'SelectUnitStates' return type */
export interface ISelectUnitStatesResult {
  areaCode: string;
  decided: boolean | null;
  flagged: boolean | null;
  hasFormPhoto: boolean | null;
  inSample: boolean;
  lastSnapshotAt: Date | null;
  liveBallots: number | null;
  liveFlags: stringArray | null;
  reported: boolean | null;
  reportedAt: Date | null;
  status: ResultStatus | null;
  unitCode: string;
}

/** 'SelectUnitStates' query type */
export interface ISelectUnitStatesQuery {
  params: ISelectUnitStatesParams;
  result: ISelectUnitStatesResult;
}

/** 'SelectQueue' parameters type */
export interface ISelectQueueParams {
  ballot?: string | null | void;
  claimIdleSince: DateOrString;
  constituencies?: stringArray | null | void;
  constituency?: string | null | void;
  electionId: string;
  hotAreas: stringArray;
  kinds?: stringArray | null | void;
  olderThan?: DateOrString | null | void;
  province?: string | null | void;
  skip: NumberOrString;
  take: NumberOrString;
  unitPrefix?: string | null | void;
}

/** 'SelectQueue' return type */
export interface ISelectQueueResult {
  areaCode: string;
  ballot: string;
  claimedAt: Date | null;
  claimedBy: string | null;
  hot: boolean;
  kind: string;
  since: Date;
  status: string | null;
  total: number;
  unitCode: string;
}

/** 'SelectQueue' query type */
export interface ISelectQueueQuery {
  params: ISelectQueueParams;
  result: ISelectQueueResult;
}

/** 'CountQueueKinds' parameters type */
export interface ICountQueueKindsParams {
  constituencies?: stringArray | null | void;
  electionId: string;
}

/** 'CountQueueKinds' return type */
export interface ICountQueueKindsResult {
  kind: string;
  n: number;
}

/** 'CountQueueKinds' query type */
export interface ICountQueueKindsQuery {
  params: ICountQueueKindsParams;
  result: ICountQueueKindsResult;
}

/** 'ClaimItem' parameters type */
export interface IClaimItemParams {
  ballot: string;
  electionId: string;
  idleSince: DateOrString;
  unitCode: string;
  userId: string;
}

/** 'ClaimItem' return type */
export interface IClaimItemResult {
  userId: string;
}

/** 'ClaimItem' query type */
export interface IClaimItemQuery {
  params: IClaimItemParams;
  result: IClaimItemResult;
}

/** 'DeleteClaim' parameters type */
export interface IDeleteClaimParams {
  ballot: string;
  electionId: string;
  unitCode: string;
  userId: string;
}

/** 'DeleteClaim' return type */
export type IDeleteClaimResult = void;

/** 'DeleteClaim' query type */
export interface IDeleteClaimQuery {
  params: IDeleteClaimParams;
  result: IDeleteClaimResult;
}

/** 'DeleteUserClaims' parameters type */
export interface IDeleteUserClaimsParams {
  userId: string;
}

/** 'DeleteUserClaims' return type */
export type IDeleteUserClaimsResult = void;

/** 'DeleteUserClaims' query type */
export interface IDeleteUserClaimsQuery {
  params: IDeleteUserClaimsParams;
  result: IDeleteUserClaimsResult;
}

/** 'UpdateClaimsHolder' parameters type */
export interface IUpdateClaimsHolderParams {
  fromUser: string;
  idleSince: DateOrString;
  toUser: string;
}

/** 'UpdateClaimsHolder' return type */
export interface IUpdateClaimsHolderResult {
  unitCode: string;
}

/** 'UpdateClaimsHolder' query type */
export interface IUpdateClaimsHolderQuery {
  params: IUpdateClaimsHolderParams;
  result: IUpdateClaimsHolderResult;
}

/** 'SelectClaims' parameters type */
export interface ISelectClaimsParams {
  electionId: string;
  idleSince: DateOrString;
}

/** 'SelectClaims' return type */
export interface ISelectClaimsResult {
  ballot: string;
  claimedAt: Date;
  touchedAt: Date;
  unitCode: string;
  userId: string;
}

/** 'SelectClaims' query type */
export interface ISelectClaimsQuery {
  params: ISelectClaimsParams;
  result: ISelectClaimsResult;
}

/** 'InsertCall' parameters type */
export interface IInsertCallParams {
  byUserId: string;
  electionId: string;
  note?: string | null | void;
  outcome: CallOutcome;
  slot?: number | null | void;
  unitCode: string;
}

/** 'InsertCall' return type */
export type IInsertCallResult = void;

/** 'InsertCall' query type */
export interface IInsertCallQuery {
  params: IInsertCallParams;
  result: IInsertCallResult;
}

/** 'SelectUnitCalls' parameters type */
export interface ISelectUnitCallsParams {
  electionId: string;
  unitCode: string;
}

/** 'SelectUnitCalls' return type */
export interface ISelectUnitCallsResult {
  byName: string | null;
  createdAt: Date;
  id: string;
  note: string | null;
  outcome: CallOutcome;
  slot: number | null;
}

/** 'SelectUnitCalls' query type */
export interface ISelectUnitCallsQuery {
  params: ISelectUnitCallsParams;
  result: ISelectUnitCallsResult;
}
