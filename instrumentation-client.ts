import { config } from "zod/v4/core";

// Zod compiles object parsers with `new Function` when it may, and finds out by calling
// Function(""): under Flux's Content-Security-Policy (no 'unsafe-eval') that probe is refused
// and reported as a violation on every page that parses. Runs before any schema is built in
// the browser; the server keeps the compiled parsers.
config({ jitless: true });
