import { spawn, type ChildProcess } from "node:child_process";
import { require_next_bin } from "./build";

export interface RunningApp {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `next start` (or `next dev`) and resolves once it answers HTTP. */
export async function startApp(options: {
  port: number;
  env: Record<string, string | undefined>;
  dev?: boolean;
  quiet?: boolean;
  /** With `quiet`: where the server's stderr goes (default: this process's stderr). */
  stderr?: (chunk: Buffer) => void;
}): Promise<RunningApp> {
  const child = spawn(process.execPath, [require_next_bin(), options.dev ? "dev" : "start", "-p", String(options.port), "-H", "0.0.0.0"], {
    env: { ...process.env, ...options.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: options.quiet ? ["ignore", "pipe", "pipe"] : "inherit",
  });
  if (options.quiet) {
    // Keep errors visible in test output without the startup chatter.
    child.stderr?.on("data", (chunk: Buffer) => (options.stderr ? options.stderr(chunk) : process.stderr.write(chunk)));
    child.stdout?.resume();
  }
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`Flux exited with code ${code}`))));
  await Promise.race([waitForHttp(`${url}/api/health`, 120_000), exited]);
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Flux did not answer ${url} within ${timeoutMs / 1000}s`);
}
