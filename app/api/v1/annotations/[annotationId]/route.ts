// GET/PATCH/DELETE /api/v1/annotations/{id} – read, change or delete one annotation (write to change).
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { deleteAnnotation, getAnnotation, updateAnnotation } from "@/lib/annotations/annotations";

type Params = { annotationId: string };

export const GET = projectRoute<Params>("read", async ({ ctx, params }) => json(await getAnnotation({ ctx, id: params.annotationId })));

export const PATCH = projectRoute<Params>("write", async ({ req, ctx, params }) => {
  const input = await readJsonBody(req);
  return json(await updateAnnotation({ ctx, id: params.annotationId, input }));
});

export const DELETE = projectRoute<Params>("write", async ({ ctx, params }) => {
  await deleteAnnotation({ ctx, id: params.annotationId });
  return new Response(null, { status: 204 });
});
