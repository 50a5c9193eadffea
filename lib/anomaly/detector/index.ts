// The streaming anomaly detector every Flux series is judged by (pure: no database, no clock).
export type { SeriesKind, DetectorOptions, Observation, AnomalyKind, Assessment, Detector, DetectorSnapshot } from "./types";
export { createDetector } from "./detector";
export { ALARM_SCORE } from "./params";
