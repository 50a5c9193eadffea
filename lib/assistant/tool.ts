import type { z } from "zod";
import type { Caller } from "@/lib/auth/caller";
import type { QueryRequest } from "@/lib/query/model";

// One tool as both front ends see it: the MCP server (lib/mcp) and the in-app Ask box (lib/ask)
// register the same FluxTool list (tools/index.ts) and call it through runFluxTool.

export interface ToolResult<O> {
  /** Checked against the tool's output schema; MCP sends it as structuredContent. */
  structured: O;
  /** The same answer for a model to read: range, zone and units stated, long series summarised. */
  text: string;
}

/** Links into Flux that open what an answer came from. */
export interface FluxLinks {
  /** Flux's address, without a trailing slash ("" when only relative links can be made). */
  base: string;
  /** A page drawing exactly this query (explore). */
  chart(query: QueryRequest): string;
  dashboard(id: string): string;
  anomaly(id: string): string;
  catalog(source: "metric" | "event", name: string): string;
}

export interface FluxTool<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  /** snake_case, e.g. "query_metric". */
  name: string;
  title: string;
  /** Written for a model: when to use it, what it returns; ranges, zones and units always stated. */
  description: string;
  /** Every field described (.describe()) and bounded. */
  input: I;
  /** The shape of `structured`. */
  output: O;
  permission: "read" | "ingest";
  /** The Ask box asks a person before running a tool that writes. */
  writes: boolean;
  run(args: { ctx: Caller; input: z.output<I>; links: FluxLinks }): Promise<ToolResult<z.output<O>>>;
}

/** A failure a model can act on: what was wrong and, when one field was, which. */
export class FluxToolError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "FluxToolError";
  }
}

export const toolError = (message: string, field?: string) => new FluxToolError(message, field);

/** Defines a tool with its schemas' types flowing into `run`. */
export const defineTool = <I extends z.ZodObject, O extends z.ZodObject>(tool: FluxTool<I, O>): FluxTool<I, O> => tool;
