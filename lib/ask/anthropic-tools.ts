import { z } from "zod";
import type Anthropic from "@anthropic-ai/sdk";
import type { FluxTool } from "@/lib/assistant/tool";

/**
 * A Flux tool as the Messages API declares tools: its name, its description and the JSON
 * Schema of what the model may send (the zod input as a client writes it: defaults optional).
 */
export function anthropicTool(tool: FluxTool): Anthropic.Tool {
  const schema = z.toJSONSchema(tool.input, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  delete schema.$schema;
  const description = tool.writes ? `${tool.description}\n\nThis tool changes data: Flux asks the person to confirm before it runs.` : tool.description;
  return { name: tool.name, description, input_schema: { ...schema, type: "object" } };
}
