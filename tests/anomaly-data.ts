import { db } from "@/lib/db/client";
import { anomalies } from "@/lib/db/schema";

// An anomaly episode written straight into the table, for tests of routes that need one to
// exist (the detector's own tests make theirs from data: lib/anomaly/*.int.test.ts).
export async function insertTestAnomaly(options: { projectId: string; name: string; startedAt?: Date }): Promise<string> {
  const startedAt = options.startedAt ?? new Date(Date.now() - 600_000);
  const [row] = await db()
    .insert(anomalies)
    .values({
      projectId: options.projectId,
      source: "metric",
      name: options.name,
      aggregation: "avg",
      kind: "spike",
      startedAt,
      lastAnomalousAt: startedAt,
      bucketSeconds: 300,
      expected: 10,
      lower: 8,
      upper: 12,
      actual: 30,
      peakScore: 0.9,
      severity: "high",
      explanation: `${options.name} 3x the usual level (30, expected about 10)`,
    })
    .returning({ id: anomalies.id });
  return row.id;
}
