"use client";

import { useRef, useState } from "react";
import { AskPanel } from "./ask-panel";
import "./ask-box.css";

/** The header's Ask entry: opens the Ask panel beside the page; Escape or Close returns focus here. */
export function AskButton({ projectId }: { projectId: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      <button ref={button} type="button" className="btn small" data-testid="ask-open" aria-expanded={open} aria-controls="ask-panel"
        onClick={() => (open ? close() : setOpen(true))} title="Ask questions about this project’s data">
        Ask
      </button>
      {open && <AskPanel projectId={projectId} onClose={close} />}
    </>
  );
}
