/**
 * Where the client reached Flux, for links when AUTH_URL is not set: the first
 * X-Forwarded-Host, else Host (as lib/http/same-origin.ts reads it; req.url names the address
 * the server listens on, such as 0.0.0.0). Links go back only to the one who asked, so a
 * forged Host misleads nobody else; a malformed one falls back to req.url.
 */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = (req.headers.get("x-forwarded-host")?.split(",")[0] || req.headers.get("host") || "").trim();
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const scheme = proto === "https" || proto === "http" ? proto : url.protocol.replace(":", "");
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `${scheme}://${host}` : url.origin;
}
