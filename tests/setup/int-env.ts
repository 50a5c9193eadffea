import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.FLUX_TEST_BASE_URL = inject("baseUrl");
process.env.TZ = "UTC";
