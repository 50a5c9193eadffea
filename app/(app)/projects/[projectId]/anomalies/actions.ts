"use server";

import { revalidatePath } from "next/cache";
import { sessionCaller as caller } from "@/lib/projects/access";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { invalid } from "@/lib/errors";
import { acknowledgeAnomaly, setAnomalyFeedback } from "@/lib/anomaly/anomalies";

// Acknowledge and "This is normal" (and its undo) from the anomaly pages. Every call resolves
// the caller again, so a viewer's or a stranger's post is refused by the domain function.

function refresh(projectId: string, anomalyId: string) {
  revalidatePath(`/projects/${projectId}/anomalies`);
  revalidatePath(`/projects/${projectId}/anomalies/${anomalyId}`);
  // The header's count of open, unacknowledged anomalies is on every project page.
  revalidatePath(`/projects/${projectId}`, "layout");
}

export async function acknowledgeAnomalyAction(projectId: string, anomalyId: string): Promise<ActionResult<null>> {
  const result = await runAction(async () => {
    await acknowledgeAnomaly({ ctx: await caller(projectId), id: anomalyId });
    return null;
  });
  if (result.ok) refresh(projectId, anomalyId);
  return result;
}

export async function setAnomalyFeedbackAction(projectId: string, anomalyId: string, feedback: string | null): Promise<ActionResult<null>> {
  const result = await runAction(async () => {
    // Bound arguments come back from the browser: anything else names no feedback.
    if (feedback !== "normal" && feedback !== null) throw invalid("Invalid feedback", [{ field: "feedback", message: "Use 'normal' or nothing" }]);
    await setAnomalyFeedback({ ctx: await caller(projectId), id: anomalyId, feedback });
    return null;
  });
  if (result.ok) refresh(projectId, anomalyId);
  return result;
}
