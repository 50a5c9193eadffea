import type { FluxTool } from "../tool";
import { describeMetricTool, listMetricsTool } from "./catalog-tools";
import { comparePeriodsTool } from "./compare-periods";
import { queryMetricTool } from "./query-metric";

/** list_metrics, describe_metric, query_metric, compare_periods: in the order assistants see them. */
export const METRIC_TOOLS: FluxTool[] = [listMetricsTool, describeMetricTool, queryMetricTool, comparePeriodsTool];
