// GET /api/v1/project – the caller's project and what the presented key may do.
import { projectRoute } from "@/lib/http/route";
import { json } from "@/lib/http/respond";
import { describeCaller } from "@/lib/projects/describe-caller";

export const GET = projectRoute(null, async ({ ctx }) => json(await describeCaller({ ctx })));
