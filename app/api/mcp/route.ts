// /api/mcp – Flux as a Model Context Protocol server (Streamable HTTP, stateless, JSON answers)
// for Claude and other assistants, authenticated with a project API key. See lib/mcp.
import { refuseMcpMethod, serveMcpPost } from "@/lib/mcp/mcp-http";

export const POST = (req: Request) => serveMcpPost(req);
export const GET = (req: Request) => refuseMcpMethod(req);
export const DELETE = (req: Request) => refuseMcpMethod(req);
