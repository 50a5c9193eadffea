/** What a server action answers a form: never a thrown error, always something to show. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; error?: undefined; fields?: undefined }
  | { ok: false; error: string; code?: string; fields?: Record<string, string>; data?: undefined };
