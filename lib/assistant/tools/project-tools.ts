import type { FluxTool } from "../tool";

/** list_events, query_events, get_dashboard, list_anomalies, list_annotations, track_event (being written). */
export const PROJECT_TOOLS: FluxTool[] = [];
