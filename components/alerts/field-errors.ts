// Server field errors (ActionResult.fields, keyed by input path) placed beside their fields.

/** The message for a field or anything under it ("to" shows "to.1"), or undefined. */
export function errorFor(fields: Record<string, string> | undefined, key: string): string | undefined {
  if (!fields) return undefined;
  if (fields[key]) return fields[key];
  const nested = Object.keys(fields).find((k) => k.startsWith(`${key}.`));
  return nested ? fields[nested] : undefined;
}

/** Errors no field on screen claims, so that none is lost: shown with the form's general error. */
export function unclaimedErrors(fields: Record<string, string> | undefined, claimed: readonly string[]): string[] {
  if (!fields) return [];
  return Object.entries(fields)
    .filter(([k]) => !claimed.some((c) => k === c || k.startsWith(`${c}.`)))
    .map(([k, m]) => `${k}: ${m}`);
}
