// POST /api/v1/projects/provision – BrainzLab SDK auto-provisioning with X-Master-Key.
import { readJsonBody } from "@/lib/http/body";
import { json, toErrorResponse } from "@/lib/http/respond";
import { provisionProject } from "@/lib/projects/provision";

export async function POST(req: Request) {
  try {
    const input = await readJsonBody(req, { maxBytes: 16 * 1024 });
    const { created, ...project } = await provisionProject({ masterKey: req.headers.get("x-master-key"), input });
    return json(project, created ? 201 : 200);
  } catch (error) {
    return toErrorResponse(error);
  }
}
