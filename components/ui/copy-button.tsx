"use client";

import { useState } from "react";

/**
 * The Clipboard API exists only in secure contexts (https or localhost); a Flux served over
 * plain http on a LAN address has none, so the selection-based copy is the fallback there.
 */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (no permission, document not focused): try the fallback.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** Copies `text` to the clipboard and says so for a moment (also to screen readers). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = () =>
    void writeClipboard(text).then((ok) => {
      setState(ok ? "copied" : "failed");
      setTimeout(() => setState("idle"), ok ? 1500 : 4000);
    });
  return (
    <button type="button" className="btn small" aria-label={label} onClick={copy} title={state === "failed" ? "Copying is blocked here: select the text and copy it" : undefined}>
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : "Copy"}</span>
    </button>
  );
}
