// GET|POST /api/auth/* – Auth.js sign-in, callback, session and sign-out endpoints; a password
// sign-in posted here is rate limited like the form (429 with Retry-After when blocked).
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { credentialsCallback } from "@/lib/auth/credentials-callback";

export const { GET } = handlers;

export function POST(req: NextRequest): Promise<Response> {
  return credentialsCallback(req, () => handlers.POST(req));
}
