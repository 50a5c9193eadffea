import { ANOMALY_KINDS, SEVERITIES } from "@/lib/anomaly/anomaly-schemas";
import { RANGES, type AnomalyFilters } from "./anomaly-filters";
import { kindLabel } from "./anomaly-text";

/**
 * The list's filters as a plain GET form: submitting it writes them into the URL (so a reload
 * or a shared link shows the same list) and works before any script has loaded.
 */
export function AnomalyFilterForm({ action, filters, names }: { action: string; filters: AnomalyFilters; names: string[] }) {
  return (
    <form className="row wrap anomaly-filters" action={action} aria-label="Filter anomalies" data-testid="anomaly-filters">
      <label className="field-inline">
        <span className="small muted">Status</span>
        <select name="status" aria-label="Status" defaultValue={filters.status}>
          <option value="all">All</option>
          <option value="open">Open</option>
          <option value="closed">Closed</option>
        </select>
      </label>
      <label className="field-inline">
        <span className="small muted">Kind</span>
        <select name="kind" aria-label="Kind" defaultValue={filters.kind}>
          <option value="">Any kind</option>
          {ANOMALY_KINDS.map((k) => <option key={k} value={k}>{kindLabel(k)}</option>)}
        </select>
      </label>
      <label className="field-inline">
        <span className="small muted">Severity</span>
        <select name="severity" aria-label="Severity" defaultValue={filters.minSeverity}>
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => <option key={s} value={s}>{`${s} or worse`}</option>)}
        </select>
      </label>
      <label className="field-inline">
        <span className="small muted">Source</span>
        <select name="source" aria-label="Source" defaultValue={filters.source}>
          <option value="">Metrics and events</option>
          <option value="metric">Metrics</option>
          <option value="event">Events</option>
        </select>
      </label>
      <label className="field-inline">
        <span className="small muted">Name</span>
        <input name="name" aria-label="Name" type="text" list="anomaly-names" defaultValue={filters.name} placeholder="Any metric or event" maxLength={200} />
        <datalist id="anomaly-names">
          {names.map((n) => <option key={n} value={n} />)}
        </datalist>
      </label>
      <label className="field-inline">
        <span className="small muted">Acknowledged</span>
        <select name="ack" aria-label="Acknowledged" defaultValue={filters.acknowledged}>
          <option value="">Either</option>
          <option value="no">Not acknowledged</option>
          <option value="yes">Acknowledged</option>
        </select>
      </label>
      <label className="field-inline">
        <span className="small muted">When</span>
        <select name="range" aria-label="When" defaultValue={filters.range}>
          {RANGES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
        </select>
      </label>
      <button className="btn" type="submit">Apply filters</button>
    </form>
  );
}
