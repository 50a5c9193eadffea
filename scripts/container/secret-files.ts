import fs from "node:fs";
import path from "node:path";

export type SecretOutcome = "generated" | "kept" | "set from the environment";

/**
 * Makes `file` hold this installation's secret: `value` when given (so .env can set or rotate
 * it), else what the file already holds, else a new `generate()`d one. Readable by its owner
 * only; written to a temporary name first, so a crash never leaves half a secret.
 */
export function ensureSecretFile(options: { file: string; value?: string; generate: () => string }): SecretOutcome {
  const current = fs.existsSync(options.file) ? fs.readFileSync(options.file, "utf8").trim() : "";
  if (options.value) {
    if (current !== options.value) write(options.file, options.value);
    return "set from the environment";
  }
  if (current) return "kept";
  write(options.file, options.generate());
  return "generated";
}

function write(file: string, value: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, value, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
