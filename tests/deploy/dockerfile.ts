// Reads the Dockerfile's stages, so the deploy test runs the image's own commands, environment
// and CMD instead of a copy of them that could drift.

export interface Stage {
  name: string;
  env: Record<string, string>;
  runs: string[];
  user?: string;
  workdir?: string;
  cmd?: string[];
  healthcheck?: string[];
}

export function readDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of instructions(text)) {
    const [, keyword, rest] = /^(\w+)\s+([\s\S]*)$/.exec(line) ?? [];
    const stage = stages.at(-1);
    switch (keyword?.toUpperCase()) {
      case "ARG": {
        const [name, value = ""] = rest.split("=");
        if (!stage) args[name] = value;
        break;
      }
      case "FROM": {
        const [, name] = /\bAS\s+(\S+)/i.exec(rest) ?? [];
        stages.push({ name: name ?? String(stages.length), env: {}, runs: [] });
        break;
      }
      case "ENV":
        for (const pair of rest.split(/\s+/)) {
          const eq = pair.indexOf("=");
          if (eq > 0) stage!.env[pair.slice(0, eq)] = pair.slice(eq + 1);
        }
        break;
      case "RUN":
        stage!.runs.push(rest);
        break;
      case "USER":
        stage!.user = rest.trim();
        break;
      case "WORKDIR":
        stage!.workdir = rest.trim();
        break;
      case "CMD":
        stage!.cmd = JSON.parse(rest) as string[];
        break;
      case "HEALTHCHECK": {
        const [, cmd] = /\bCMD\s+(\[[\s\S]*\])\s*$/.exec(rest) ?? [];
        stage!.healthcheck = JSON.parse(cmd) as string[];
        break;
      }
    }
  }
  return { args, stages };
}

/** Instructions with comment lines dropped and `\` continuations joined. */
function instructions(text: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#") || (!line && !current)) continue;
    if (line.endsWith("\\")) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    out.push((current + line).trim());
    current = "";
  }
  return out.filter(Boolean);
}
