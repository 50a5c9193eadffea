// POST /api/v1/shared/{token}/unlock – checks a share link's password; answers the grant and sets its cookie.
import { readJsonBody } from "@/lib/http/body";
import { json, toErrorResponse } from "@/lib/http/respond";
import { shareClientAddress, unlockShareLink } from "@/lib/sharing/share-access";
import { shareGrantCookieHeader } from "@/lib/sharing/share-cookie";

export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const body = await readJsonBody(req, { maxBytes: 4096 });
    const password = body && typeof body === "object" ? (body as { password?: unknown }).password : undefined;
    const { grant, linkId } = await unlockShareLink({ token, password, address: shareClientAddress(req.headers) });
    const response = json({ grant });
    if (grant) response.headers.append("Set-Cookie", shareGrantCookieHeader({ linkId, grant, secure: new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https" }));
    return response;
  } catch (error) {
    return toErrorResponse(error);
  }
}
