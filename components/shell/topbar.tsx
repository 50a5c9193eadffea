import { FiringIndicator } from "@/components/alerts/firing-indicator";
import { AskButton } from "@/components/ask/ask-button";
import { NavLinks } from "./nav-links";
import { ProjectSwitcher } from "./project-switcher";
import { ThemeToggle } from "./theme-toggle";

interface TopbarProps {
  project: { id: string; name: string };
  projects: { id: string; name: string }[];
  userEmail: string;
  role: string;
  signOut: () => Promise<void>;
  /** Open anomalies nobody has acknowledged yet (`more`: at least that many). */
  openAnomalies?: { count: number; more: boolean };
}

export function Topbar({ project, projects, userEmail, role, signOut, openAnomalies }: TopbarProps) {
  const base = `/projects/${project.id}`;
  const anomalyCount = openAnomalies && openAnomalies.count > 0
    ? { value: `${openAnomalies.count}${openAnomalies.more ? "+" : ""}`, title: `${openAnomalies.count}${openAnomalies.more ? " or more" : ""} open ${openAnomalies.count === 1 && !openAnomalies.more ? "anomaly" : "anomalies"} not acknowledged` }
    : null;
  return (
    <header className="topbar">
      <a className="brand" href={base}><span className="logo-dot" /> Flux</a>
      <ProjectSwitcher current={project.id} projects={projects} />
      <NavLinks
        links={[
          { href: base, label: "Overview", exact: true },
          { href: `${base}/dashboards`, label: "Dashboards" },
          { href: `${base}/events`, label: "Events" },
          { href: `${base}/anomalies`, label: "Anomalies", count: anomalyCount },
          { href: `${base}/settings`, label: "Settings" },
        ]}
      />
      <div className="spacer" />
      <AskButton projectId={project.id} />
      <FiringIndicator projectId={project.id} />
      <a className="muted small" href="/account" title={`Your account (your role here: ${role})`} data-testid="user-email">{userEmail} · {role}</a>
      <ThemeToggle />
      <form action={signOut}>
        <button className="btn small" type="submit">Sign out</button>
      </form>
    </header>
  );
}
