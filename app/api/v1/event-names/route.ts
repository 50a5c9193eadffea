// GET /api/v1/event-names – the project's event names with display names, units, counts and last-seen times.
import { listEventNames } from "@/lib/catalog/list-event-names";
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";

export const GET = projectRoute("read", async ({ ctx }) => json(await listEventNames({ ctx })));
