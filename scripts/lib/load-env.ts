import fs from "node:fs";

/** Loads .env (then .env.local) into process.env without overriding what is already set. */
export function loadDotEnv(): void {
  for (const file of [".env.local", ".env"]) {
    if (fs.existsSync(file)) process.loadEnvFile(file);
  }
}
