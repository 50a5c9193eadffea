// Public shapes of the streaming anomaly detector (fixed by the issue 17 contract).

/** gauge-like values, counter/event rates, sparse counts */
export type SeriesKind = "level" | "rate" | "count";

export interface DetectorOptions {
  bucketSeconds: number;
  kind: SeriesKind;
}

export interface Observation {
  /** epoch ms, bucket start */
  t: number;
  /** null: no data in the bucket */
  value: number | null;
  /** annotated span or said-normal: learn from it as normal, never flag it */
  learnOnly?: boolean;
  /** leave out of the baseline entirely (still judged) */
  exclude?: boolean;
}

export type AnomalyKind = "spike" | "drop" | "level_shift" | "silence";

export interface Assessment {
  t: number;
  value: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  /** 0..1, monotone in how unlikely the value is under the model */
  score: number;
  /** score >= ALARM_SCORE */
  anomalous: boolean;
  kind: AnomalyKind | null;
  /** enough history to judge */
  warm: boolean;
}

/** Opaque JSON state; `createDetector(options, snapshot)` resumes exactly where it was taken. */
export interface DetectorSnapshot {
  v: number;
  [field: string]: unknown;
}

export interface Detector {
  update(o: Observation): Assessment;
  snapshot(): DetectorSnapshot;
}
