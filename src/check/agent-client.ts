// `pgwarden check --agent URL`: the running agent's verdict (which honours `for`) instead of a connection. Plain
// node:http(s) rather than fetch: fetch cannot take a CA per request without the undici package, and refuses URLs
// with credentials (which agentAccess has moved to a header already).
import http from 'node:http';
import https from 'node:https';
import type { AgentAccess } from './agent-credentials.js';
import { failureDocument, type CheckDocument } from './document.js';
import { NAGIOS_STATES } from './state.js';

export interface AgentQuery {
  readonly selections: readonly string[];
  readonly rules: readonly string[];
  readonly target?: string | undefined;
}

/** The URL of the check endpoint under the agent's base URL, selections as query parameters. */
export function agentCheckUrl(base: string | URL, query: AgentQuery): string {
  const text = String(base);
  const url = new URL('api/v1/check', text.endsWith('/') ? text : `${text}/`);
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

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** GET with the access's header and CA; the status and the body (bounded), or the transport error. */
function get(url: URL, access: AgentAccess, timeoutMs: number): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (access.authorization) headers.authorization = access.authorization;
  const options = { headers, signal: AbortSignal.timeout(timeoutMs) };
  return new Promise((resolve, reject) => {
    const onResponse = (response: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) response.destroy(new Error('answer too large'));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    };
    const request =
      url.protocol === 'https:'
        ? https.get(url, { ...options, ...(access.ca ? { ca: access.ca } : {}) }, onResponse)
        : http.get(url, options, onResponse);
    request.on('error', reject);
  });
}

function reasonOf(error: unknown): string {
  const e = error as { code?: string; message?: string; name?: string };
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') return 'timed out';
  return e.code ?? e.message ?? String(error);
}

/** The agent's document; an agent that cannot be asked, or answers nonsense, is UNKNOWN (not the database's fault). */
export async function askAgent(access: AgentAccess, query: AgentQuery, timeoutMs: number): Promise<CheckDocument> {
  // access.url has no credentials, so its origin is safe to print.
  const shown = access.url.origin;
  let answer: { status: number; body: string };
  try {
    answer = await get(new URL(agentCheckUrl(access.url, query)), access, timeoutMs);
  } catch (error) {
    return failureDocument('UNKNOWN', `cannot reach the agent at ${shown}: ${reasonOf(error)}`, query.target);
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    body = undefined;
  }
  if (!isDocument(body)) {
    const hint =
      answer.status === 401
        ? ' (credentials missing or refused: --agent.basic-auth-file)'
        : answer.status === 403
          ? ' (forbidden)'
          : '';
    return failureDocument(
      'UNKNOWN',
      `the agent at ${shown} answered HTTP ${answer.status} without a check document${hint}`,
      query.target,
    );
  }
  return body;
}
