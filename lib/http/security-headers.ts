// The one place Flux's security headers are built. Pages (proxy.ts, with a fresh nonce per
// request), API responses and static files (next.config.ts) differ only in the options they
// pass, so a later Pusher host or share/embed route grows the policy here, not in copies.
// No imports: next.config.ts loads this file outside the app's module graph.

export interface ContentSecurityOptions {
  /** The per-request script nonce of a page; null for responses that must run no script at all. */
  nonce: string | null;
  /** Who may frame the response. Default `'none'`; an embed route passes the origins it allows. */
  frameAncestors?: readonly string[];
  /** Origins fetch/EventSource/WebSocket may reach besides our own (e.g. Pusher hosts). */
  connectSources?: readonly string[];
  /** Origins a form submission may end up on besides ours (OAuth providers the sign-in form redirects to). */
  formActions?: readonly string[];
  /** React's development build evaluates code for its error overlay; production never does. */
  dev?: boolean;
  /** The page itself came over https: any stray http subresource is upgraded, never mixed. */
  https?: boolean;
}

const NONE = "'none'";

export function contentSecurityPolicy(options: ContentSecurityOptions): string {
  const { nonce } = options;
  const directives: [string, readonly string[]][] = [
    ["default-src", ["'self'"]],
    // 'strict-dynamic': scripts Next's nonced runtime loads (route chunks) are trusted, inline
    // ones without the nonce never run. 'self' only matters to browsers without CSP3.
    ["script-src", nonce ? ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])] : [NONE]],
    // Inline styles stay allowed: React renders style attributes (grid cells, layout), ECharts
    // writes style attributes into its tooltip and legend markup. A style cannot run script,
    // and a nonce here would make browsers ignore 'unsafe-inline', so none is given.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    // data: for chart PNG export (canvas data URLs), blob: for downloads made in the page.
    ["img-src", ["'self'", "data:", "blob:"]],
    ["font-src", ["'self'", "data:"]],
    ["connect-src", ["'self'", ...(options.connectSources ?? [])]],
    ["object-src", [NONE]],
    ["base-uri", [NONE]],
    ["form-action", ["'self'", ...(options.formActions ?? [])]],
    ["frame-ancestors", options.frameAncestors?.length ? options.frameAncestors : [NONE]],
  ];
  const policy = directives.map(([name, values]) => `${name} ${values.join(" ")}`);
  if (options.https) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** The headers that depend on the response: the policy, and the legacy frame header when nobody may frame it. */
export function contentSecurityHeaders(options: ContentSecurityOptions): Record<string, string> {
  const headers: Record<string, string> = { "Content-Security-Policy": contentSecurityPolicy(options) };
  // X-Frame-Options cannot name origins, so a response that may be framed (embed) sends none
  // and relies on frame-ancestors, which every browser that frames pages understands.
  const framedByNobody = !options.frameAncestors?.length || (options.frameAncestors.length === 1 && options.frameAncestors[0] === NONE);
  if (framedByNobody) headers["X-Frame-Options"] = "DENY";
  return headers;
}

/** Sent on every response, page, API or static file alike. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // Flux needs none of these device or tracking features; the clipboard (Copy buttons) keeps
  // its default of same-origin only. Only features Chromium knows: unknown ones log errors.
  "Permissions-Policy": "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), payment=(), serial=(), usb=()",
  // A page another site opens cannot reach back through window.opener.
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * Where the enabled OAuth providers' authorize pages live: the sign-in form posts to us and
 * we redirect there. GitHub Enterprise Server signs in on its own address.
 */
export function oauthFormActions(options: { github: boolean; google: boolean; githubEnterpriseUrl?: string }): string[] {
  const origins: string[] = [];
  if (options.github) origins.push(options.githubEnterpriseUrl ? new URL(options.githubEnterpriseUrl).origin : "https://github.com");
  if (options.google) origins.push("https://accounts.google.com");
  return origins;
}

/** 16 random bytes, base64: unguessable and fresh for every page response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
