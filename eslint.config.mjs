import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Dependencies point one way (STYLE.md): app → components, lib; components → client-safe lib;
// only domain modules touch the database.
const noDbOutsideDomains = {
  patterns: [
    { group: ["drizzle-orm", "drizzle-orm/*", "@/lib/db/*", "postgres"], message: "Call a lib/<domain> function instead of the database." },
  ],
};

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next*/**", ".flux/**", "node_modules/**", "sdk/dist/**", "next-env.d.ts", "drizzle/**", "test-results/**"] },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", noDbOutsideDomains] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [...noDbOutsideDomains.patterns, { group: ["@/app/*", "@/app/**"], message: "components must not import app/: pass server actions as props." }] },
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "@/components/*", "@/app/**", "@/components/**"], message: "lib must not import app/ or components/." }] },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
