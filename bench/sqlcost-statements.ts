// What one role's statements cost the monitored server, per queryid and per database, from pg_stat_statements (for
// `npm run bench -- sqlcost`), and which pgwarden collector each statement belongs to.
import { withClient } from './fixture.js';
import { loadDefinitions, sqlForVersion } from '../src/collect/definition.js';
import { governanceOf, governedQuery } from '../src/collect/governor.js';
import { governanceFor, type QueryForm } from '../src/collect/late-cache.js';
import { shippedCollectorsDir } from '../src/paths.js';

export interface StatementRow {
  readonly queryid: string;
  readonly datname: string;
  readonly calls: number;
  readonly execMs: number;
  readonly planMs: number;
  readonly query: string;
}

/** Forgets the role's statements only, so another role's figures are not touched. */
export function resetRoleStatements(adminUrl: string, role: string): Promise<unknown> {
  return withClient(adminUrl, (c) =>
    c.query('SELECT pg_stat_statements_reset((SELECT oid FROM pg_roles WHERE rolname = $1))', [role]),
  );
}

export function roleStatements(adminUrl: string, role: string): Promise<StatementRow[]> {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query<Record<string, string>>(
      `SELECT s.queryid::text AS queryid, d.datname, s.calls::text AS calls, s.total_exec_time::text AS exec,
         s.total_plan_time::text AS plan, s.query
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
       WHERE s.userid = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
      [role],
    );
    return rows.map((r) => ({
      queryid: String(r.queryid),
      datname: String(r.datname),
      calls: Number(r.calls),
      execMs: Number(r.exec),
      planMs: Number(r.plan),
      query: String(r.query),
    }));
  });
}

/**
 * SQL text as pg_stat_statements shows it, reduced to compare with a collector's: comments dropped, constants and
 * parameters (`$1`) as `?`, constant lists squashed to one (PostgreSQL 18 does), white space collapsed.
 */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/(?<![\w.])\d+(?:\.\d+)?\b/g, '?')
    .replace(/\?(?:\s*,\s*\?)+/g, '?')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .trim()
    .toLowerCase();
}

/**
 * The shipped collectors' SQL as the agent sends it (governed, in each form: ranked or plain, with the late columns or
 * without them), normalized, for the server's major; a form other than the ranked one with late columns is named
 * after the collector, e.g. `stat_user_tables (plain, sizes kept)`.
 */
export function collectorTexts(serverMajor: number): Map<string, string> {
  const texts = new Map<string, string>();
  for (const def of loadDefinitions([shippedCollectorsDir()]).definitions) {
    const sql = sqlForVersion(def.queries, serverMajor);
    if (sql === undefined) continue;
    for (const [form, withLate] of FORMS) {
      const text = normalizeSql(governedQuery(sql, governanceFor(governanceOf(def), form, withLate)).text);
      const variant = [form === 'plain' && def.candidates ? 'plain' : '', withLate ? '' : 'sizes kept'].filter(Boolean);
      if (!texts.has(text)) texts.set(text, variant.length ? `${def.name} (${variant.join(', ')})` : def.name);
    }
  }
  return texts;
}

const FORMS: ReadonlyArray<readonly [QueryForm, boolean]> = [
  ['ranked', true],
  ['plain', true],
  ['ranked', false],
  ['plain', false],
];

/** The collector a statement belongs to; the agent's own statements (probe, discovery, extension checks) otherwise. */
export function collectorOf(query: string, texts: ReadonlyMap<string, string>): string {
  const normalized = normalizeSql(query);
  const exact = texts.get(normalized);
  if (exact) return exact;
  let best = '';
  let bestLength = 0;
  for (const [text, name] of texts) {
    let i = 0;
    while (i < text.length && text[i] === normalized[i]) i += 1;
    if (i > bestLength) [best, bestLength] = [name, i];
  }
  return bestLength >= 80 ? `${best}?` : `(agent) ${normalized.slice(0, 48)}`;
}

export interface StatementSummary {
  readonly queryid: string;
  readonly label: string;
  readonly databases: number;
  readonly calls: number;
  readonly execMs: number;
  readonly planMs: number;
}

/** Statements summed over databases per queryid, most expensive (execution + planning) first. */
export function byQueryid(rows: readonly StatementRow[], label: (query: string) => string): StatementSummary[] {
  const sums = new Map<string, StatementSummary>();
  for (const r of rows) {
    const seen = sums.get(r.queryid);
    sums.set(r.queryid, {
      queryid: r.queryid,
      label: seen?.label ?? label(r.query),
      databases: (seen?.databases ?? 0) + 1,
      calls: (seen?.calls ?? 0) + r.calls,
      execMs: (seen?.execMs ?? 0) + r.execMs,
      planMs: (seen?.planMs ?? 0) + r.planMs,
    });
  }
  return [...sums.values()].sort((a, b) => b.execMs + b.planMs - (a.execMs + a.planMs));
}

/** Execution and planning per database. */
export function byDatabase(rows: readonly StatementRow[]): Map<string, { execMs: number; planMs: number }> {
  const sums = new Map<string, { execMs: number; planMs: number }>();
  for (const r of rows) {
    const seen = sums.get(r.datname) ?? { execMs: 0, planMs: 0 };
    sums.set(r.datname, { execMs: seen.execMs + r.execMs, planMs: seen.planMs + r.planMs });
  }
  return sums;
}
