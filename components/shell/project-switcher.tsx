"use client";

import { useRouter } from "next/navigation";

export function ProjectSwitcher({ current, projects }: { current: string; projects: { id: string; name: string }[] }) {
  const router = useRouter();
  return (
    <select
      aria-label="Switch project"
      value={current}
      style={{ width: "auto", height: 30 }}
      onChange={(e) => router.push(e.target.value === "__new" ? "/projects/new" : `/projects/${e.target.value}`)}
    >
      {projects.map((p) => (
        <option key={p.id} value={p.id}>{p.name}</option>
      ))}
      <option value="__new">+ New project…</option>
    </select>
  );
}
