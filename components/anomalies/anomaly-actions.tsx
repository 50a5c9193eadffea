"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/types";

interface Props {
  acknowledged: boolean;
  normal: boolean;
  /** Server actions, bound to the project and the episode by the page. */
  acknowledge: () => Promise<ActionResult<null>>;
  setFeedback: (feedback: "normal" | null) => Promise<ActionResult<null>>;
}

/**
 * Acknowledge, and "This is normal" with its undo. The page re-renders from the server after
 * each action, so what the buttons show is always what is stored.
 */
export function AnomalyActions({ acknowledged, normal, acknowledge, setFeedback }: Props) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<ActionResult<null>>) =>
    start(async () => {
      setError(null);
      const result = await action();
      if (!result.ok) setError(result.error);
    });
  return (
    <div className="stack" data-testid="anomaly-actions">
      <div className="row wrap">
        {!acknowledged && (
          <button type="button" className="btn primary" disabled={pending} onClick={() => run(acknowledge)}>
            Acknowledge
          </button>
        )}
        {normal ? (
          <button type="button" className="btn" disabled={pending} onClick={() => run(() => setFeedback(null))}>
            Undo “This is normal”
          </button>
        ) : (
          <button type="button" className="btn" disabled={pending} onClick={() => run(() => setFeedback("normal"))} title="Episodes like this one (same series, kind and size) stop alerting, and the detector learns from them">
            This is normal
          </button>
        )}
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
    </div>
  );
}
