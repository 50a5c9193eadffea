import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { freePort } from "@/scripts/lib/embedded-postgres";
import { cleanEnv } from "./image-tree";

/** A command of the image run in its WORKDIR with only its ENV and `env`, as `user` when we are root. */
export interface ContainerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves when the output contains `text`; rejects if the process ends first. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<number | null>;
}

export function runInImage(options: {
  command: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  user?: { uid: number; gid: number };
}): ContainerProcess {
  const [bin, ...args] = options.command;
  const child = spawn(bin === "node" ? process.execPath : bin, args, {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.user ?? {}),
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor: (text, timeoutMs = 90_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (output.includes(text)) done(resolve);
        }, 100);
        const deadline = setTimeout(() => done(() => reject(new Error(`no "${text}" within ${timeoutMs / 1000} s:\n${output}`))), timeoutMs);
        void exited.then((code) => done(() => (output.includes(text) ? resolve() : reject(new Error(`exited with ${code} before "${text}":\n${output}`)))));
        function done(settle: () => void) {
          clearInterval(timer);
          clearTimeout(deadline);
          settle();
        }
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/**
 * A TCP port that refuses connections for `delayMs`, then forwards them to `targetPort`: a
 * database container that is not up yet when Flux's container starts.
 */
export async function lateDatabase(targetPort: number, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const timer = setTimeout(() => server.listen(port, "127.0.0.1"), delayMs);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        for (const s of sockets) s.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

/** The numeric user a process runs as (Linux /proc). */
export function uidOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
}
