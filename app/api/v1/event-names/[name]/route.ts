// GET /api/v1/event-names/{name} – an event's catalog entry, property keys, types and sample
// values; PATCH edits its metadata; DELETE removes it with every raw and rollup row.
import { deleteEventName } from "@/lib/catalog/delete-event-name";
import { describeEventName } from "@/lib/catalog/describe-event-name";
import { updateEventMetadata } from "@/lib/catalog/update-event-metadata";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";

type Params = { name: string };

export const GET = projectRoute<Params>("read", async ({ ctx, params }) => json(await describeEventName({ ctx, name: params.name })));

export const PATCH = projectRoute<Params>("write", async ({ req, ctx, params }) =>
  json(await updateEventMetadata({ ctx, name: params.name, input: await readJsonBody(req) })),
);

export const DELETE = projectRoute<Params>("write", async ({ ctx, params }) => json(await deleteEventName({ ctx, name: params.name })));
