"use client";

import { useEffect, useState } from "react";

export function ThemeToggle() {
  const [dark, setDark] = useState(false);
  useEffect(() => setDark(document.documentElement.dataset.theme === "dark"), []);
  const toggle = () => {
    const next = !dark;
    setDark(next);
    document.documentElement.dataset.theme = next ? "dark" : "light";
    localStorage.setItem("flux-theme", next ? "dark" : "light");
    window.dispatchEvent(new Event("flux-theme"));
  };
  return (
    <button className="btn small ghost" type="button" onClick={toggle} aria-label={dark ? "Use light theme" : "Use dark theme"} title="Toggle theme">
      {dark ? "☀" : "☾"}
    </button>
  );
}
