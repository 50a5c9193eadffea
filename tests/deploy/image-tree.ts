import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { copyBuildContext } from "./build-context";
import { readDockerfile, type Stage } from "./dockerfile";

export interface ImageTree {
  /** The sources built: the working tree, or the exported revision. */
  source: string;
  /** What the runtime stage holds in /app (its WORKDIR). */
  app: string;
  runtime: Stage;
  /** Files of the build context (.dockerignore applied), relative to it. */
  context: string[];
  buildSeconds: number;
}

/**
 * Builds Flux's runtime tree the way the Dockerfile does, without Docker: the build context
 * (.dockerignore applied) copied into `<root>/context`, node_modules from this checkout in
 * place of the deps stage's `npm ci` (same lockfile; hard links, not a download), then the
 * build stage's own RUN commands with its ENV, `/app` and `/out` mapped to the temporary
 * folders. `COPY --from=build /out /app` makes `<root>/out` what the image runs.
 */
export function buildImageTree(options: {
  repo: string;
  root: string;
  /** A git revision to build instead of the working tree (which `docker build .` would send). */
  revision?: string;
  log?: (line: string) => void;
}): ImageTree {
  const log = options.log ?? (() => {});
  let source = options.repo;
  if (options.revision) {
    source = path.join(options.root, "source");
    fs.mkdirSync(source);
    execFileSync("sh", ["-c", `git archive "$0" | tar -x -C "$1"`, options.revision, source], { cwd: options.repo });
  }
  const dockerfile = readDockerfile(fs.readFileSync(path.join(source, "Dockerfile"), "utf8"));
  const stage = (name: string) => {
    const found = dockerfile.stages.find((s) => s.name === name);
    if (!found) throw new Error(`the Dockerfile has no stage ${name}`);
    return found;
  };
  const build = stage("build");
  const runtime = dockerfile.stages.at(-1)!;
  const context = path.join(options.root, "context");
  const out = path.join(options.root, "out");

  const files = copyBuildContext({ from: source, to: context });
  execFileSync("cp", ["-al", path.join(options.repo, "node_modules"), path.join(context, "node_modules")]);

  const started = Date.now();
  const env = cleanEnv(build.env);
  for (const command of build.runs) {
    const mapped = command.replace(/(^|\s)\/out\b/g, `$1${out}`).replace(/(^|\s)\/app\b/g, `$1${context}`);
    log(`RUN ${mapped}`);
    const result = spawnSync("sh", ["-c", mapped], { cwd: context, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) {
      throw new Error(`RUN ${command} failed (${result.status ?? result.signal}):\n${result.stdout.slice(-8000)}\n${result.stderr.slice(-4000)}`);
    }
  }
  return { source, app: out, runtime, context: files, buildSeconds: (Date.now() - started) / 1000 };
}

/**
 * An environment like a container's: the given variables and PATH/HOME only, nothing from
 * this shell (no DATABASE_URL or FLUX_DIST_DIR of the test run leaking in).
 */
export function cleanEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...vars } as Record<string, string | undefined> as NodeJS.ProcessEnv;
}
