import fs from "node:fs";
import path from "node:path";

/**
 * Copies what `docker build .` would send as its context: every file except those that
 * .dockerignore excludes (Docker's rules: a pattern is anchored at the context root, `*` and
 * `?` stay within one path segment, `**` spans segments, excluding a folder excludes what is
 * inside it, a later `!pattern` re-includes, the last match wins).
 */
export function copyBuildContext(options: { from: string; to: string }): string[] {
  const ignoreFile = path.join(options.from, ".dockerignore");
  const rules = fs.existsSync(ignoreFile) ? parseDockerignore(fs.readFileSync(ignoreFile, "utf8")) : [];
  const copied: string[] = [];
  const visit = (rel: string) => {
    const abs = path.join(options.from, rel);
    const stat = fs.lstatSync(abs);
    if (stat.isDirectory()) {
      fs.mkdirSync(path.join(options.to, rel), { recursive: true });
      for (const name of fs.readdirSync(abs)) {
        const child = rel ? `${rel}/${name}` : name;
        if (!isIgnored(rules, child)) visit(child);
      }
    } else {
      fs.cpSync(abs, path.join(options.to, rel), { verbatimSymlinks: true });
      copied.push(rel);
    }
  };
  visit("");
  return copied;
}

interface Rule {
  negate: boolean;
  pattern: RegExp;
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const negate = l.startsWith("!");
      const glob = path.posix.normalize((negate ? l.slice(1) : l).trim()).replace(/^\/+/, "");
      return { negate, pattern: globToRegExp(glob) };
    });
}

/** Whether `rel` (or a folder above it) is excluded. */
export function isIgnored(rules: Rule[], rel: string): boolean {
  const parts = rel.split("/");
  let ignored = false;
  for (const rule of rules) {
    for (let i = 1; i <= parts.length; i++) {
      if (rule.pattern.test(parts.slice(0, i).join("/"))) {
        ignored = !rule.negate;
        break;
      }
    }
  }
  return ignored;
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      i++;
      if (glob[i + 1] === "/") {
        re += "(?:.*/)?";
        i++;
      } else re += ".*";
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
