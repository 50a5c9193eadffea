// DELETE /api/v1/share-links/{id} – revoke a link at once; it stays listed as revoked (write).
import { projectRoute } from "@/lib/http/route";
import { json } from "@/lib/http/respond";
import { revokeShareLink } from "@/lib/sharing/share-links";

export const DELETE = projectRoute<{ linkId: string }>("write", async ({ ctx, params }) => json(await revokeShareLink({ ctx, linkId: params.linkId })));
