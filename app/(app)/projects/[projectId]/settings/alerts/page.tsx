import type { Metadata } from "next";
import Link from "next/link";
import { projectPageContext } from "@/lib/projects/page-context";
import { can } from "@/lib/auth/caller";
import { listAlertChannels, listAlertHistory, listAlertRules } from "@/lib/alerts/alerts";
import { AlertChannelsPanel } from "@/components/alerts/alert-channels-panel";
import { AlertRulesPanel } from "@/components/alerts/alert-rules-panel";
import { AlertHistoryPanel } from "@/components/alerts/alert-history-panel";
import { AlertsLiveRefresh } from "@/components/alerts/alerts-live-refresh";
import * as actions from "./actions";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { ctx, project } = await projectPageContext(projectId);
  const [channels, rules, history] = await Promise.all([listAlertChannels({ ctx }), listAlertRules({ ctx }), listAlertHistory({ ctx, input: { limit: 50 } })]);
  const bind = <A extends unknown[], R>(fn: (projectId: string, ...rest: A) => R) => fn.bind(null, projectId) as (...rest: A) => R;
  return (
    <div className="stack" style={{ maxWidth: 1100 }}>
      <AlertsLiveRefresh />
      <div className="page-head">
        <div>
          <p className="small" style={{ margin: 0 }}><Link href={`/projects/${projectId}/settings`}>← Settings</Link></p>
          <h1>Alerts</h1>
          <p className="muted">{project.name}</p>
        </div>
      </div>
      <section className="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules</h2>
        <AlertRulesPanel projectId={projectId} rules={rules} channels={channels} canEdit={can(ctx, "write")}
          create={bind(actions.createRuleAction)} update={bind(actions.updateRuleAction)} remove={bind(actions.deleteRuleAction)} />
      </section>
      <section className="card" aria-labelledby="channels-heading">
        <h2 id="channels-heading">Channels</h2>
        <AlertChannelsPanel channels={channels} canManage={can(ctx, "admin")}
          create={bind(actions.createChannelAction)} update={bind(actions.updateChannelAction)} remove={bind(actions.deleteChannelAction)} sendTest={bind(actions.sendTestAction)} />
      </section>
      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <AlertHistoryPanel initial={history} rules={rules.map((r) => ({ id: r.id, name: r.name }))} load={bind(actions.loadHistoryAction)} />
      </section>
    </div>
  );
}
