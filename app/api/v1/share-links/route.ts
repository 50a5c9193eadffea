// GET /api/v1/share-links – every share link of the project, newest first, with its dashboard (write).
import { projectRoute } from "@/lib/http/route";
import { json } from "@/lib/http/respond";
import { listShareLinks } from "@/lib/sharing/share-links";

export const GET = projectRoute("write", async ({ ctx }) => json({ shareLinks: await listShareLinks({ ctx }) }));
