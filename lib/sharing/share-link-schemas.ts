import { z } from "zod";
import { InstantInput } from "@/lib/validation/instant-input";
import { StorableString } from "@/lib/validation/text";
import { Interval, Timezone } from "@/lib/query/model";
import { Widget, WidgetRange } from "@/lib/dashboards/schema";

// Inputs and answers of the share-link API, shared by the domain functions and the Share
// dialog. Client-safe: zod and types only.

export const LABEL_MAX = 100;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;
export const LOOKBACK_MAX_DAYS = 3650;

const FutureInstant = InstantInput.refine((ms) => ms > Date.now(), "The expiry must be in the future");

export const CreateShareLinkInput = z.strictObject({
  label: StorableString("Give the link a label").trim().min(1, "Give the link a label").max(LABEL_MAX, `Use at most ${LABEL_MAX} characters`),
  expiresAt: FutureInstant.nullable().optional(),
  password: StorableString("A password is a string")
    .min(PASSWORD_MIN, `A password has at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters`)
    .nullable()
    .optional(),
  allowRangeChange: z.boolean({ error: "allowRangeChange is true or false" }).default(false),
  maxLookbackDays: z
    .number({ error: "Give the days as a whole number" })
    .int("Give the days as a whole number")
    .min(1, "At least 1 day")
    .max(LOOKBACK_MAX_DAYS, `At most ${LOOKBACK_MAX_DAYS} days`)
    .nullable()
    .optional(),
});
export type CreateShareLinkInput = z.input<typeof CreateShareLinkInput>;

/** What a visitor may ask of one widget: a view of its saved query, never another query. */
export const SharedWidgetView = z.strictObject({
  range: WidgetRange.optional(),
  interval: Interval.optional(),
  timezone: Timezone.optional(),
});
export type SharedWidgetView = z.infer<typeof SharedWidgetView>;

export type ShareLinkStatus = "active" | "expired" | "revoked";

/** A link as lists show it: never its token or password. */
export interface ShareLinkView {
  id: string;
  dashboardId: string;
  dashboardName: string;
  label: string;
  tokenHint: string;
  createdBy: { id: string; name: string | null; email: string } | null;
  createdAt: string;
  expiresAt: string | null;
  hasPassword: boolean;
  allowRangeChange: boolean;
  maxLookbackDays: number | null;
  revokedAt: string | null;
  lastViewedAt: string | null;
  viewCount: number;
  status: ShareLinkStatus;
}

/** The answer to creating a link: the only time its token is shown. */
export interface CreatedShareLink extends ShareLinkView {
  token: string;
  /** Path of the shared page, `/share/<token>` (the browser adds its origin). */
  path: string;
}

/** What a shared link lets the visitor change. */
export interface SharePolicy {
  allowRangeChange: boolean;
  maxLookbackDays: number | null;
}

export const sharePath = (token: string) => `/share/${token}`;

/** The header the shared page's own requests carry the grant in (cookies may not reach an iframe). */
export const SHARE_GRANT_HEADER = "x-flux-share-grant";

/** The dashboard as a visitor receives it: no project, no creator, nothing but what it draws. */
export interface SharedDashboard {
  name: string;
  range: z.infer<typeof WidgetRange>;
  interval: Interval;
  refreshSeconds: number;
  timezone?: string;
  widgets: z.infer<typeof Widget>[];
  /** Types and display names of the names the widgets read, as the widgets format them. */
  catalog: [string, { type: string | null; displayName: string | null }][];
}

