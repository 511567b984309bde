// `pgwarden check --agent URL`: the running agent's verdict (which honours `for`) instead of a connection.
import { failureDocument, type CheckDocument } from './document.js';
import { NAGIOS_STATES } from './state.js';

export interface AgentQuery {
  readonly selections: readonly string[];
  readonly rules: readonly string[];
  readonly target?: string | undefined;
}

/** The URL of the check endpoint under the agent's base URL, selections as query parameters. */
export function agentCheckUrl(base: string, query: AgentQuery): string {
  const url = new URL('api/v1/check', base.endsWith('/') ? base : `${base}/`);
  for (const s of query.selections) url.searchParams.append('selection', s);
  for (const r of query.rules) url.searchParams.append('rule', r);
  if (query.target !== undefined) url.searchParams.set('target', query.target);
  return url.toString();
}

function isDocument(value: unknown): value is CheckDocument {
  const doc = value as Partial<CheckDocument> | null;
  return (
    typeof doc === 'object' &&
    doc !== null &&
    NAGIOS_STATES.includes(doc.status as never) &&
    typeof doc.exit_code === 'number' &&
    typeof doc.msg === 'string' &&
    Array.isArray(doc.longmsg) &&
    typeof doc.perfdata === 'object'
  );
}

/** The agent's document; an agent that cannot be asked, or answers nonsense, is UNKNOWN (not the database's fault). */
export async function askAgent(base: string, query: AgentQuery, timeoutMs: number): Promise<CheckDocument> {
  const url = agentCheckUrl(base, query);
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    return failureDocument('UNKNOWN', `cannot reach the agent at ${shown.origin}: ${reason}`, query.target);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!isDocument(body))
    return failureDocument(
      'UNKNOWN',
      `the agent at ${shown.origin} answered HTTP ${response.status} without a check document`,
      query.target,
    );
  return body;
}
