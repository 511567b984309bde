// Issue 15's attacks on the HTTP endpoints, each against the built agent as a process. Every request has its own
// time limit, so a regression (an event loop pinned by a regex) fails the test instead of hanging the suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { closedPortUrl, targetLines, writeConfigFile } from '../support/config-file.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { eventually } from '../support/eventually.js';

// Exponential for a backtracking engine on every collector name (seconds per value at 25 characters), linear in RE2.
const EVIL = '([a-z_]|[a-z_]|[a-z_])*!';

const send = (url: string, init: RequestInit = {}) => fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });

describe('hostile requests never stop the agent', () => {
  let agent: AgentProcess;
  let file: string;

  beforeAll(async () => {
    file = writeConfigFile([
      ...targetLines([['main', testDatabaseUrl()]]),
      'collection_interval: 1s',
      'state_dir: state',
      'alerting:',
      '  route: { receiver: hook }',
      '  receivers:',
      `    - { name: hook, webhook_configs: [{ url: "http://${new URL(await closedPortUrl()).host}/" }] }`,
    ]);
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
  });
  afterAll(async () => {
    // A regression may leave the agent deaf to SIGTERM (a pinned event loop): it is killed after 5 s.
    const kill = setTimeout(() => agent?.child.kill('SIGKILL'), 5000);
    await agent?.stop();
    clearTimeout(kill);
  });

  const metricsAnswer = async () => expect((await send(`${agent.url}/metrics`)).status).toBe(200);

  it('answers a catastrophic regex in a query at once (RE2), and /metrics meanwhile', { timeout: 30_000 }, async () => {
    // The rules' store has the collectors' series (the values the regex runs on).
    await eventually(async () => {
      const body = (await (await send(`${agent.url}/api/v1/query?query=pg_scrape_collector_success`)).json()) as {
        data: { result: unknown[] };
      };
      return body.data.result.length > 0;
    }, 20_000);
    const query = encodeURIComponent(`pg_scrape_collector_success{collector=~"${EVIL}"}`);
    const pending = send(`${agent.url}/api/v1/query?query=${query}`);
    await metricsAnswer();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'success', data: { result: [] } });
  });

  it('accepts a silence with that regex, and notifications and /metrics go on', { timeout: 30_000 }, async () => {
    const now = Date.now();
    const response = await send(`${agent.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: EVIL, isRegex: true, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        createdBy: 'test',
        comment: 'hostile',
      }),
    });
    expect(response.status).toBe(200);
    await metricsAnswer();
    // It is persisted: the agent starts again with it (the attack hung every start before it listened).
    await agent.stop();
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
    await metricsAnswer();
  });

  it('refuses bodies over 1 MiB with 413, in the API error shape', async () => {
    const big = 'query=' + 'x'.repeat(2 * 1024 * 1024);
    const query = await send(`${agent.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: big,
    });
    expect(query.status).toBe(413);
    expect(await query.json()).toMatchObject({ status: 'error', errorType: 'bad_data' });
    // A chunked body declares no length: the parser's own limit applies.
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(64 * 1024)));
        controller.close();
      },
    });
    const silence = await send(`${agent.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(silence.status).toBe(413);
    expect(await silence.json()).toMatchObject({ code: 413 });
    await metricsAnswer();
  });

  it('answers malformed JSON with a JSON error, never an HTML stack trace', async () => {
    const response = await send(`${agent.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"matchers": [',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const text = await response.text();
    expect(text).not.toMatch(/<html|<pre>|node_modules|\s+at /i);
    expect(JSON.parse(text)).toMatchObject({ code: 400 });
  });

  it('refuses state changes from another site, accepts them from its own pages and from non-browsers', async () => {
    const reload = (headers: Record<string, string>) => send(`${agent.url}/-/reload`, { method: 'POST', headers });
    expect((await reload({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await reload({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await reload({ origin: 'null' })).status).toBe(403);
    const expire = await send(`${agent.url}/api/v2/silence/any`, {
      method: 'DELETE',
      headers: { origin: 'http://evil.example' },
    });
    expect(expire.status).toBe(403);
    expect((await reload({ origin: new URL(agent.url).origin })).status).toBe(200);
    expect((await reload({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await reload({})).status).toBe(200);
  });
});
