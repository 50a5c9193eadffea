export * from "./users";
export * from "./projects";
export * from "./api-keys";
export * from "./catalog";
export * from "./ingest";
export * from "./dashboards";
export * from "./instance";
export * from "./security";
