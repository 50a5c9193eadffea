import type { FluxTool } from "../tool";
import { getDashboardTool } from "./get-dashboard";
import { listAnnotationsTool } from "./list-annotations";
import { listAnomaliesTool } from "./list-anomalies";
import { listEventsTool } from "./list-events";
import { queryEventsTool } from "./query-events";
import { trackEventTool } from "./track-event";

/** Events, dashboards, anomalies, annotations and tracking, in the order assistants list them. */
export const PROJECT_TOOLS: FluxTool[] = [listEventsTool, queryEventsTool, getDashboardTool, listAnomaliesTool, listAnnotationsTool, trackEventTool];
