// GET /api/v1/event-names/{name} – an event's property keys, types and sample values.
import { describeEventName } from "@/lib/catalog/describe-event-name";
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";

export const GET = projectRoute<{ name: string }>("read", async ({ ctx, params }) => json(await describeEventName({ ctx, name: params.name })));
