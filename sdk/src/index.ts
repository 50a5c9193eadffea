export { createFlux } from "./create-flux.js";
export { retryDelay } from "./transport.js";
export type { Flux, FluxConfig, FluxDrop, FluxLogger, FluxLogLevel, MetricOptions, Tags, TagValue, TrackProperties, WireEvent, WireMetric } from "./types.js";
