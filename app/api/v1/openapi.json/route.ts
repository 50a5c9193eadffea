// GET /api/v1/openapi.json – the OpenAPI 3.1 description of the public API.
import { openApiDocument } from "@/lib/openapi/spec";

export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument());
}
