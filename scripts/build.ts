// npm run build – the SDK (served by Flux under /sdk) and the production Next.js build.
import { ensureBuild } from "./lib/build";

ensureBuild({ distDir: process.env.FLUX_DIST_DIR ?? ".next", force: true });
