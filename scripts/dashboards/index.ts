// Every shipped dashboard, with the file it is written to under grafana/dashboards/.
import activity from './defs/activity.js';
import agent from './defs/agent.js';
import backups from './defs/backups.js';
import database from './defs/database.js';
import overview from './defs/overview.js';
import queries from './defs/queries.js';
import replication from './defs/replication.js';
import tables from './defs/tables.js';

export const DASHBOARDS: ReadonlyArray<{ file: string; json: Record<string, unknown> }> = [
  { file: 'pgwarden-overview.json', json: overview },
  { file: 'pgwarden-database.json', json: database },
  { file: 'pgwarden-tables.json', json: tables },
  { file: 'pgwarden-activity.json', json: activity },
  { file: 'pgwarden-queries.json', json: queries },
  { file: 'pgwarden-replication.json', json: replication },
  { file: 'pgwarden-backups.json', json: backups },
  { file: 'pgwarden-agent.json', json: agent },
];

/** The file text: two-space JSON and a final newline, so a re-generation diff is line-by-line. */
export function dashboardText(json: Record<string, unknown>): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
