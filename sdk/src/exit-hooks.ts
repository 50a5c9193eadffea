interface NodeProcess {
  on(event: "beforeExit", listener: () => void): void;
  off(event: "beforeExit", listener: () => void): void;
}

interface PageTarget {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * Node: flush when the event loop empties (`beforeExit`; an explicit `process.exit()` or a
 * signal skips it, so call `shutdown()` there). Browsers: hand what is buffered to
 * keepalive requests when the page is hidden or unloaded. Returns the uninstaller.
 */
export function installExitHooks(handlers: { onNodeExit: () => unknown; onPageHide: () => void }): () => void {
  const g = globalThis as { process?: Partial<NodeProcess> & { versions?: { node?: string } }; window?: PageTarget; document?: PageTarget & { visibilityState?: string } };
  const removers: (() => void)[] = [];
  const proc = g.process;
  if (proc?.versions?.node && typeof proc.on === "function" && typeof proc.off === "function") {
    const onBeforeExit = () => void handlers.onNodeExit();
    proc.on("beforeExit", onBeforeExit);
    removers.push(() => proc.off!("beforeExit", onBeforeExit));
  }
  const win = g.window;
  const doc = g.document;
  if (win && doc && typeof win.addEventListener === "function") {
    const onPageHide = () => handlers.onPageHide();
    const onVisibility = () => doc.visibilityState === "hidden" && handlers.onPageHide();
    win.addEventListener("pagehide", onPageHide);
    doc.addEventListener("visibilitychange", onVisibility);
    removers.push(() => win.removeEventListener("pagehide", onPageHide));
    removers.push(() => doc.removeEventListener("visibilitychange", onVisibility));
  }
  return () => removers.forEach((remove) => remove());
}
