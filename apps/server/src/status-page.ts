import type { CheckResult } from './readiness';

/** What the running system is made of, for the status page and /readyz. */
export interface SystemDescription {
  version: string;
  /** e.g. "in-process log (embedded)" or "kafka 127.0.0.1:19092". */
  bus: string;
  /** e.g. "embedded PGlite + TimescaleDB (.vesselwatch/pgdata)" or "postgres 127.0.0.1:15432/vesselwatch". */
  database: string;
  /** How fixes are stored: a TimescaleDB hypertable, or a plain table when TimescaleDB is absent. */
  fixStorage: 'hypertable' | 'plain';
  startedAtMs: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formatUptime(uptimeMs: number): string {
  const totalMinutes = Math.floor(uptimeMs / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  return hours > 0 ? `${hours} h ${totalMinutes % 60} min` : `${totalMinutes} min`;
}

/** A plain page (no scripts, no external assets) that tells an operator what this instance runs on. */
export function renderStatusPage(system: SystemDescription, checks: CheckResult[], nowMs: number): string {
  const rows: Array<[string, string]> = [
    ['Version', system.version],
    ['Message bus', system.bus],
    ['Database', system.database],
    [
      'Fix storage',
      system.fixStorage === 'hypertable' ? 'TimescaleDB hypertable' : 'plain table (no TimescaleDB)',
    ],
    ['Up for', formatUptime(nowMs - system.startedAtMs)],
  ];
  const checkRows = checks.map(
    (c) =>
      `<tr><th>${escapeHtml(c.name)}</th><td class="${c.ok ? 'ok' : 'bad'}">${c.ok ? 'ready' : 'NOT READY'}` +
      ` (${c.latencyMs} ms)${c.error ? ': ' + escapeHtml(c.error) : ''}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>VesselWatch status</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem}th{text-align:left;padding-right:1rem}
td.ok{color:#176d2c}td.bad{color:#b00020;font-weight:bold}</style></head>
<body><h1>VesselWatch</h1>
<p>Fishing-vessel monitoring: this instance runs on the components below.</p>
<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>Readiness</h2><table>${checkRows.join('')}</table>
<p><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></p>
</body></html>`;
}
