// GET|POST /api/auth/* – Auth.js sign-in, callback, session and sign-out endpoints; a password
// sign-in posted here is rate limited like the form (429 with Retry-After when blocked).
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { authRoute } from "@/lib/auth/auth-route";

export function GET(req: NextRequest): Promise<Response> {
  return authRoute(req, () => handlers.GET(req));
}

export function POST(req: NextRequest): Promise<Response> {
  return authRoute(req, () => handlers.POST(req));
}
