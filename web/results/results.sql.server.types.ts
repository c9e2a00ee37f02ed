/** Types generated for queries found in "web/results/results.sql.server.ts" */
export type ResultStatus = "disputed" | "escalated" | "reported" | "silent" | "verified";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

export type numberArray = number[];

export type stringArray = string[];

/** 'SelectElectionUnits' parameters type */
export interface ISelectElectionUnitsParams {
  electionId: string;
}

/** 'SelectElectionUnits' return type */
export interface ISelectElectionUnitsResult {
  ballot: string;
  unitCode: string;
}

/** 'SelectElectionUnits' query type */
export interface ISelectElectionUnitsQuery {
  params: ISelectElectionUnitsParams;
  result: ISelectElectionUnitsResult;
}

/** 'InsertOfficialFigures' parameters type */
export interface IInsertOfficialFiguresParams {
  ballots: stringArray;
  electionId: string;
  figures: stringArray;
  units: stringArray;
  values: numberArray;
}

/** 'InsertOfficialFigures' return type */
export interface IInsertOfficialFiguresResult {
  n: number;
}

/** 'InsertOfficialFigures' query type */
export interface IInsertOfficialFiguresQuery {
  params: IInsertOfficialFiguresParams;
  result: IInsertOfficialFiguresResult;
}

/** 'CountOfficialSides' parameters type */
export interface ICountOfficialSidesParams {
  electionId: string;
  units: string;
}

/** 'CountOfficialSides' return type */
export interface ICountOfficialSidesResult {
  compared: number;
  missingOfficial: number;
  missingOurs: number;
}

/** 'CountOfficialSides' query type */
export interface ICountOfficialSidesQuery {
  params: ICountOfficialSidesParams;
  result: ICountOfficialSidesResult;
}

/** 'SelectOfficialPairsByConstituency' parameters type */
export interface ISelectOfficialPairsByConstituencyParams {
  electionId: string;
  take: NumberOrString;
  units: string;
}

/** 'SelectOfficialPairsByConstituency' return type */
export interface ISelectOfficialPairsByConstituencyResult {
  absDifference: number;
  ballot: string;
  constituencyId: string;
  figure: string;
  official: number;
  ours: number;
  units: number;
}

/** 'SelectOfficialPairsByConstituency' query type */
export interface ISelectOfficialPairsByConstituencyQuery {
  params: ISelectOfficialPairsByConstituencyParams;
  result: ISelectOfficialPairsByConstituencyResult;
}

/** 'SelectOfficialDifferences' parameters type */
export interface ISelectOfficialDifferencesParams {
  electionId: string;
  take: NumberOrString;
  units: string;
}

/** 'SelectOfficialDifferences' return type */
export interface ISelectOfficialDifferencesResult {
  ballot: string;
  figure: string;
  official: number;
  ours: number | null;
  unitCode: string;
}

/** 'SelectOfficialDifferences' query type */
export interface ISelectOfficialDifferencesQuery {
  params: ISelectOfficialDifferencesParams;
  result: ISelectOfficialDifferencesResult;
}

/** 'SelectMissingOurs' parameters type */
export interface ISelectMissingOursParams {
  electionId: string;
  take: NumberOrString;
  units: string;
}

/** 'SelectMissingOurs' return type */
export interface ISelectMissingOursResult {
  ballot: string;
  status: ResultStatus | null;
  unitCode: string;
}

/** 'SelectMissingOurs' query type */
export interface ISelectMissingOursQuery {
  params: ISelectMissingOursParams;
  result: ISelectMissingOursResult;
}

/** 'SelectMissingOfficial' parameters type */
export interface ISelectMissingOfficialParams {
  electionId: string;
  take: NumberOrString;
  units: string;
}

/** 'SelectMissingOfficial' return type */
export interface ISelectMissingOfficialResult {
  ballot: string;
  unitCode: string;
}

/** 'SelectMissingOfficial' query type */
export interface ISelectMissingOfficialQuery {
  params: ISelectMissingOfficialParams;
  result: ISelectMissingOfficialResult;
}

/** 'SelectLastChange' parameters type */
export interface ISelectLastChangeParams {
  electionId: string;
}

/** 'SelectLastChange' return type */
export interface ISelectLastChangeResult {
  seq: number | null;
}

/** 'SelectLastChange' query type */
export interface ISelectLastChangeQuery {
  params: ISelectLastChangeParams;
  result: ISelectLastChangeResult;
}

/** 'SelectChanges' parameters type */
export interface ISelectChangesParams {
  electionId: string;
  seq: number;
  take: NumberOrString;
}

/** 'SelectChanges' return type */
export interface ISelectChangesResult {
  ballot: string;
  ballotsLeftOver: number | null;
  ballotsReceived: number | null;
  ballotsUsed: number | null;
  createdAt: Date;
  decided: boolean;
  eligible: number | null;
  flagged: boolean;
  hasFormPhoto: boolean;
  invalid: number | null;
  kind: string;
  seq: number;
  status: ResultStatus;
  unitCode: string;
  valid: number | null;
  voteNo: number | null;
  voters: number | null;
  votes: Json | null;
}

/** 'SelectChanges' query type */
export interface ISelectChangesQuery {
  params: ISelectChangesParams;
  result: ISelectChangesResult;
}

/** 'SelectUnitsAsOf' parameters type */
export interface ISelectUnitsAsOfParams {
  afterBallot: string;
  afterUnit: string;
  asOf: number;
  electionId: string;
  take: NumberOrString;
}

/** 'SelectUnitsAsOf' return type */
export interface ISelectUnitsAsOfResult {
  ballot: string;
  ballotsLeftOver: number;
  ballotsReceived: number;
  ballotsUsed: number;
  createdAt: Date;
  decided: boolean;
  eligible: number;
  flagged: boolean;
  hasFormPhoto: boolean;
  invalid: number;
  kind: string;
  seq: number;
  status: ResultStatus;
  unitCode: string;
  valid: number | null;
  voteNo: number;
  voters: number;
  votes: Json;
}

/** 'SelectUnitsAsOf' query type */
export interface ISelectUnitsAsOfQuery {
  params: ISelectUnitsAsOfParams;
  result: ISelectUnitsAsOfResult;
}

/** 'SelectLevelFactCounts' parameters type */
export interface ISelectLevelFactCountsParams {
  areaCode?: string | null | void;
  ballot: string;
  electionId: string;
}

/** 'SelectLevelFactCounts' return type */
export interface ISelectLevelFactCountsResult {
  areaCode: string;
  decided: boolean;
  flagged: boolean;
  hasFormPhoto: boolean;
  n: number;
  reported: boolean;
  status: ResultStatus;
}

/** 'SelectLevelFactCounts' query type */
export interface ISelectLevelFactCountsQuery {
  params: ISelectLevelFactCountsParams;
  result: ISelectLevelFactCountsResult;
}

/** 'SelectProvincesVerified' parameters type */
export interface ISelectProvincesVerifiedParams {
  ballot: string;
  electionId: string;
}

/** 'SelectProvincesVerified' return type */
export interface ISelectProvincesVerifiedResult {
  n: number;
}

/** 'SelectProvincesVerified' query type */
export interface ISelectProvincesVerifiedQuery {
  params: ISelectProvincesVerifiedParams;
  result: ISelectProvincesVerifiedResult;
}

/** 'SelectAreaLeaders' parameters type */
export interface ISelectAreaLeadersParams {
  ballot: string;
  electionId: string;
}

/** 'SelectAreaLeaders' return type */
export interface ISelectAreaLeadersResult {
  areaCode: string;
  number: number;
  votes: number;
}

/** 'SelectAreaLeaders' query type */
export interface ISelectAreaLeadersQuery {
  params: ISelectAreaLeadersParams;
  result: ISelectAreaLeadersResult;
}

/** 'SelectConstituencyCandidates' parameters type */
export interface ISelectConstituencyCandidatesParams {
  electionId: string;
}

/** 'SelectConstituencyCandidates' return type */
export interface ISelectConstituencyCandidatesResult {
  constituency: string;
  name: string;
  number: number;
  party: string | null;
  province: string;
  units: number;
  verified: number;
  votes: number;
}

/** 'SelectConstituencyCandidates' query type */
export interface ISelectConstituencyCandidatesQuery {
  params: ISelectConstituencyCandidatesParams;
  result: ISelectConstituencyCandidatesResult;
}

/** 'SelectPublicState' parameters type */
export type ISelectPublicStateParams = void;

/** 'SelectPublicState' return type */
export interface ISelectPublicStateResult {
  changes: number;
  live: string;
  liveVotes: string;
}

/** 'SelectPublicState' query type */
export interface ISelectPublicStateQuery {
  params: ISelectPublicStateParams;
  result: ISelectPublicStateResult;
}

/** 'SelectChangedAreas' parameters type */
export interface ISelectChangedAreasParams {
  after: number;
  electionId: string;
  upTo: number;
}

/** 'SelectChangedAreas' return type */
export interface ISelectChangedAreasResult {
  areaCode: string;
  ballot: string;
}

/** 'SelectChangedAreas' query type */
export interface ISelectChangedAreasQuery {
  params: ISelectChangedAreasParams;
  result: ISelectChangedAreasResult;
}

/** 'SelectRaceUnits' parameters type */
export interface ISelectRaceUnitsParams {
  all: boolean;
  electionId: string;
  keys: stringArray;
}

/** 'SelectRaceUnits' return type */
export interface ISelectRaceUnitsResult {
  areaCode: string;
  ballot: string;
  counted: number;
  eligible: number;
  eligibleFlagged: number;
  eligibleUncounted: number;
  flagged: number;
  reporting: number;
  units: number;
  unknownFlagged: number;
  unknownUncounted: number;
}

/** 'SelectRaceUnits' query type */
export interface ISelectRaceUnitsQuery {
  params: ISelectRaceUnitsParams;
  result: ISelectRaceUnitsResult;
}

/** 'SelectFlaggedVotes' parameters type */
export interface ISelectFlaggedVotesParams {
  all: boolean;
  electionId: string;
  keys: stringArray;
}

/** 'SelectFlaggedVotes' return type */
export interface ISelectFlaggedVotesResult {
  areaCode: string;
  ballot: string;
  number: number | null;
  votes: number;
}

/** 'SelectFlaggedVotes' query type */
export interface ISelectFlaggedVotesQuery {
  params: ISelectFlaggedVotesParams;
  result: ISelectFlaggedVotesResult;
}

/** 'SelectCorrections' parameters type */
export interface ISelectCorrectionsParams {
  electionId: string;
  take: NumberOrString;
}

/** 'SelectCorrections' return type */
export interface ISelectCorrectionsResult {
  ballot: string;
  createdAt: Date;
  decided: boolean;
  flagged: boolean;
  hasFormPhoto: boolean;
  kind: string;
  seq: number;
  status: ResultStatus;
  unitCode: string;
}

/** 'SelectCorrections' query type */
export interface ISelectCorrectionsQuery {
  params: ISelectCorrectionsParams;
  result: ISelectCorrectionsResult;
}
