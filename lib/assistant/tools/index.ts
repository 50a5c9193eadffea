import type { FluxTool } from "../tool";
import { METRIC_TOOLS } from "./metric-tools";
import { PROJECT_TOOLS } from "./project-tools";

/** Every tool, in the order assistants list them: metrics first, then events, dashboards, anomalies, annotations, tracking. */
export const FLUX_TOOLS: FluxTool[] = [...METRIC_TOOLS, ...PROJECT_TOOLS];
