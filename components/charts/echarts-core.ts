// Only the ECharts modules Flux draws with, so the bundle stays small.
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart, LineChart, PieChart } from "echarts/charts";
// The toolbox carries the graphs' drag-to-zoom (its dataZoom feature; see chart-update.ts).
import { GridComponent, LegendComponent, ToolboxComponent, TooltipComponent, VisualMapComponent, MarkLineComponent, MarkPointComponent, MarkAreaComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([LineChart, BarChart, PieChart, HeatmapChart, GridComponent, LegendComponent, ToolboxComponent, TooltipComponent, VisualMapComponent, MarkLineComponent, MarkPointComponent, MarkAreaComponent, CanvasRenderer]);

export { echarts };
export type EChartsInstance = ReturnType<typeof echarts.init>;
