import { LABEL_MAX, PASSWORD_MIN } from "@/lib/sharing/share-link-schemas";

// The Share dialog's form as plain data, and what it sends: pure, so it is unit-tested.

export const EXPIRY_CHOICES = [
  { value: "never", label: "Never" },
  { value: "1", label: "In 1 day" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "date", label: "On a date…" },
] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]["value"];

/** "" is no limit. */
export const LOOKBACK_CHOICES = [
  { value: "1", label: "1 day" },
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "", label: "No limit" },
] as const;

export interface ShareDraft {
  label: string;
  expiry: ExpiryChoice;
  /** yyyy-mm-dd from a date input, when expiry is "date". */
  expiryDate: string;
  password: string;
  allowRangeChange: boolean;
  lookbackDays: string;
}

export const emptyShareDraft = (): ShareDraft => ({ label: "", expiry: "never", expiryDate: "", password: "", allowRangeChange: false, lookbackDays: "30" });

const DAY_MS = 86_400_000;

/**
 * The POST body for a draft, or the field the person must fix first. A date expires at the end
 * of that day in the browser's zone (the person picked a day, not an instant).
 */
export function shareLinkBody(draft: ShareDraft, now = Date.now()): { body: Record<string, unknown> } | { field: keyof ShareDraft; message: string } {
  const label = draft.label.trim();
  if (label === "") return { field: "label", message: "Give the link a label" };
  if (label.length > LABEL_MAX) return { field: "label", message: `Use at most ${LABEL_MAX} characters` };
  let expiresAt: string | null = null;
  if (draft.expiry === "date") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(draft.expiryDate);
    if (!m) return { field: "expiryDate", message: "Pick the day the link expires" };
    const end = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999);
    if (Number.isNaN(end.getTime()) || end.getDate() !== Number(m[3])) return { field: "expiryDate", message: "Pick a real day" };
    if (end.getTime() <= now) return { field: "expiryDate", message: "Pick today or a later day" };
    expiresAt = end.toISOString();
  } else if (draft.expiry !== "never") {
    expiresAt = new Date(now + Number(draft.expiry) * DAY_MS).toISOString();
  }
  if (draft.password !== "" && draft.password.length < PASSWORD_MIN) return { field: "password", message: `A password has at least ${PASSWORD_MIN} characters` };
  return {
    body: {
      label,
      expiresAt,
      password: draft.password === "" ? null : draft.password,
      allowRangeChange: draft.allowRangeChange,
      maxLookbackDays: draft.allowRangeChange && draft.lookbackDays !== "" ? Number(draft.lookbackDays) : null,
    },
  };
}

/** The shared page's absolute URL, from the origin the editor is on. */
export const shareUrl = (origin: string, path: string) => `${origin.replace(/\/+$/, "")}${path}`;

const attribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** HTML to paste into another page: the dashboard in embed mode. The title is escaped, since it is the dashboard's name. */
export function embedSnippet(url: string, title: string): string {
  const src = `${url}${url.includes("?") ? "&" : "?"}embed=1`;
  return `<iframe src="${attribute(src)}" width="100%" height="600" style="border:0" title="${attribute(title)}" loading="lazy"></iframe>`;
}
