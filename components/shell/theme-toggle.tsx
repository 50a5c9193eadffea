"use client";

import { useSyncExternalStore } from "react";

// The theme lives on <html data-theme> (set before paint by the root layout); this reads it
// as an external store so every toggle and chart stays in step through one event.
function subscribe(onChange: () => void) {
  window.addEventListener("flux-theme", onChange);
  return () => window.removeEventListener("flux-theme", onChange);
}
const isDark = () => document.documentElement.dataset.theme === "dark";

export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);
  const toggle = () => {
    const next = dark ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem("flux-theme", next);
    window.dispatchEvent(new Event("flux-theme"));
  };
  return (
    <button className="btn small ghost" type="button" onClick={toggle} aria-label={dark ? "Use light theme" : "Use dark theme"} title="Toggle theme">
      {dark ? "☀" : "☾"}
    </button>
  );
}
