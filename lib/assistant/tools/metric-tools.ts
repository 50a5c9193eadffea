import type { FluxTool } from "../tool";

/** list_metrics, describe_metric, query_metric, compare_periods (being written). */
export const METRIC_TOOLS: FluxTool[] = [];
