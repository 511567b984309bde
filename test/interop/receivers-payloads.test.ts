// Payload fidelity of the receivers teams use: the same alerts through the real Alertmanager 0.25 (Debian's
// prometheus-alertmanager) and through pgwarden's notifier, each into its own loopback recorder, and the requests
// compared field by field: method, path and query, content-type, Authorization, and the body (parsed). Pushover and
// PagerDuty's v1 API have no URL setting in Alertmanager: its requests to them go through an HTTPS-intercepting proxy
// (http_config.proxy_url) into the recorder. Alertmanager 0.25 has no msteams_configs: Teams is compared with the
// MessageCard Alertmanager 0.27 sends (written out below from its source).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanagers } from '../../bench/alertmanager-process.js';
import { silentLogger } from '../../src/log.js';
import { alertingConfigSchema, Notifier, type NotifiableAlert } from '../../src/notify/index.js';
import { selfSignedCertificate } from '../support/tls.js';

const EXTERNAL_URL = 'http://127.0.0.1:9187';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<unknown> | void)[] = [];

interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A loopback HTTP server recording every request; answers like the real services (Telegram's `ok` envelope). */
async function recorder(): Promise<{ base: string; server: Server; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        req.url?.endsWith('/sendMessage')
          ? JSON.stringify({ ok: true, result: { message_id: 1, chat: { id: 42, type: 'group' }, date: 0 } })
          : '{"status":"success"}',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

/** An HTTP proxy that answers CONNECT itself: TLS with a self-signed certificate, requests into `target`. */
async function interceptingProxy(target: Server): Promise<string> {
  const cert = selfSignedCertificate();
  const key = readFileSync(cert.keyFile);
  const proxy = createServer();
  proxy.on('connect', (_req: IncomingMessage, socket: Socket) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const tls = new TLSSocket(socket, { isServer: true, cert: cert.cert, key });
    target.emit('connection', tls);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    proxy.closeAllConnections();
    rmSync(cert.dir, { recursive: true, force: true });
    return new Promise<void>((resolve) => proxy.close(() => resolve()));
  });
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

/** The receivers, pointed at `base`; `viaProxy` is Alertmanager's http_config for the APIs it has no URL setting for. */
function receivers(base: string, viaProxy: Record<string, unknown> | undefined) {
  const proxied = viaProxy ? { http_config: viaProxy } : {};
  return {
    global: {
      pagerduty_url: `${base}/pd/v2/enqueue`,
      opsgenie_api_url: `${base}/og/`,
      opsgenie_api_key: 'og-global-key',
      telegram_api_url: `${base}/tg`,
      webex_api_url: `${base}/webex/v1/messages`,
    },
    route: {
      receiver: 'team & ops',
      group_by: ['alertname'],
      group_wait: '1s',
      group_interval: '2s',
      repeat_interval: '1h',
    },
    receivers: [
      {
        name: 'team & ops',
        pagerduty_configs: [
          { routing_key: 'pd-routing-key' },
          {
            routing_key: 'pd-routing-key-2',
            url: `${base}/pd2`,
            description: '{{ .CommonLabels.alertname }} on {{ .CommonLabels.instance }}',
            severity: '{{ .CommonLabels.severity }}',
            class: 'db',
            component: 'postgres',
            group: '{{ .GroupLabels.alertname }}',
            source: 'pgwarden-test',
            details: { runbook: '{{ .CommonAnnotations.runbook_url }}', firing: 'overridden' },
            links: [{ href: 'https://runbooks.example/{{ .Status }}', text: 'runbook' }, { text: 'no href' }],
            images: [{ src: 'https://img.example/x.png', alt: 'graph', href: 'https://g.example' }],
          },
          { service_key: 'pd-service-key', url: `${base}/generic/2010-04-15/create_event.json`, ...proxied },
        ],
        opsgenie_configs: [
          {},
          {
            api_key: 'og-key',
            api_url: `${base}/og2/`,
            message: '{{ .CommonLabels.alertname }}!',
            responders: [
              { name: 'dba,oncall', type: 'teams' },
              { username: 'alice', type: 'User' },
            ],
            tags: 'db, {{ .CommonLabels.severity }}',
            actions: 'restart,ping',
            note: 'see runbook',
            priority: 'P1',
            entity: '{{ .CommonLabels.instance }}',
            details: { team: 'dba' },
            update_alerts: true,
          },
        ],
        telegram_configs: [
          { bot_token: '123:telegram-token', chat_id: 42 },
          {
            bot_token: '123:telegram-token',
            chat_id: -100,
            parse_mode: '',
            disable_notifications: true,
            message: '{{ .Status }}: {{ .CommonAnnotations.summary }}',
          },
        ],
        discord_configs: [
          { webhook_url: `${base}/discord/1/discord-secret` },
          { webhook_url: `${base}/discord/2/discord-secret`, title: 'T {{ .Status }}', message: 'M {{ .Receiver }}' },
        ],
        webex_configs: [
          { room_id: 'room-1', http_config: { authorization: { credentials: 'webex-token' } } },
          {
            room_id: 'room-2',
            api_url: `${base}/webex2`,
            message: '**{{ .CommonLabels.alertname }}**',
            http_config: { authorization: { type: 'Bearer', credentials: 'webex-token-2' } },
          },
        ],
        pushover_configs: [
          { user_key: 'pushover-user', token: 'pushover-token', ...proxied },
          {
            user_key: 'pushover-user',
            token: 'pushover-token',
            title: '{{ .CommonLabels.alertname }}',
            url_title: 'runbook',
            priority: '1',
            retry: '2m',
            expire: '3h',
            sound: 'siren',
            html: true,
            ...proxied,
          },
        ],
      },
    ],
  };
}

const labels = { alertname: 'Disk<Full>', instance: 'db1:5432', severity: 'critical' };
const annotations = {
  summary: 'disk "full" & more',
  description: "it's <b>full</b> + 1",
  runbook_url: 'https://runbooks.example/disk',
};
const generatorURL = 'http://127.0.0.1:9187/api/v1/query?query=a%3E1&x=1';

async function alertmanager(base: string, proxy: string): Promise<(status: 'firing' | 'resolved') => Promise<void>> {
  const config = receivers(base, { proxy_url: proxy, tls_config: { insecure_skip_verify: true } });
  const am = await startAlertmanagers(config, { externalUrl: EXTERNAL_URL });
  cleanups.push(() => am.stop());
  const url = am.nodes[0]!.url;
  const startsAt = new Date().toISOString();
  return async (status) => {
    const body = [
      {
        labels,
        annotations,
        generatorURL,
        startsAt,
        endsAt: new Date(Date.now() + (status === 'firing' ? 3_600_000 : 0)).toISOString(),
      },
    ];
    const res = await fetch(`${url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
}

async function pgwarden(base: string): Promise<(status: 'firing' | 'resolved') => Promise<void>> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-receivers-'));
  const config = receivers(base, undefined);
  const notifier = await Notifier.open({
    config: alertingConfigSchema.parse({
      ...config,
      builtin_inhibit_rules: false,
      delivery: { pushover_api_url: `${base}/1/messages.json` },
    }),
    stateDir,
    logger: silentLogger(),
    externalUrl: EXTERNAL_URL,
  });
  cleanups.push(async () => {
    await notifier.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
  const startsAt = Date.now();
  return (status) => {
    const alert: NotifiableAlert = {
      labels,
      annotations,
      startsAt,
      endsAt: status === 'firing' ? Date.now() + 3_600_000 : Date.now(),
      generatorURL,
      status,
      fingerprint: '',
    };
    notifier.submit([alert]);
    return Promise.resolve();
  };
}

/** The destination of a request: its path up to the per-config part (the query and the alias excluded). */
function destination(request: Recorded): string {
  return request.path
    .replace(/\?.*$/, '')
    .replace(/\/v2\/alerts\/[0-9a-f]{64}\/(close|message|description)$/, '/v2/alerts/ALIAS/$1');
}

/** What is compared: method, path with query, content-type, Authorization, and the parsed body. */
function comparable(request: Recorded): Record<string, unknown> {
  const [pathname, query] = request.path.split('?');
  const body: unknown =
    request.body === ''
      ? ''
      : request.headers['content-type'] === 'application/json'
        ? JSON.parse(request.body)
        : request.body;
  return {
    method: request.method,
    path: pathname,
    query: query === undefined ? undefined : Object.fromEntries(new URLSearchParams(query)),
    contentType: request.headers['content-type'],
    authorization: request.headers['authorization'],
    body,
  };
}

function byDestination(requests: readonly Recorded[]): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const request of requests) {
    const key = destination(request);
    out.set(key, [...(out.get(key) ?? []), comparable(request)]);
  }
  return out;
}

const FIRING_REQUESTS = 15; // one per config, Opsgenie's with update_alerts three
const ALL_REQUESTS = FIRING_REQUESTS + 13; // resolved: one per config

describe('receivers: the same alerts through Alertmanager 0.25 and pgwarden', () => {
  let am: Recorded[];
  let pg: Recorded[];

  beforeAll(async () => {
    const amRecorder = await recorder();
    const pgRecorder = await recorder();
    const proxy = await interceptingProxy(amRecorder.server);
    const sides = [await alertmanager(amRecorder.base, proxy), await pgwarden(pgRecorder.base)];
    await Promise.all(sides.map((post) => post('firing')));
    await waitFor(() => [amRecorder, pgRecorder].every((r) => r.requests.length >= FIRING_REQUESTS), 'firing requests');
    await Promise.all(sides.map((post) => post('resolved')));
    await waitFor(() => [amRecorder, pgRecorder].every((r) => r.requests.length >= ALL_REQUESTS), 'resolved requests');
    await sleep(1500); // nothing more arrives
    am = amRecorder.requests;
    pg = pgRecorder.requests;
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('sends as many requests to the same destinations', () => {
    expect(pg.length).toBe(am.length);
    expect([...byDestination(pg).keys()].sort()).toEqual([...byDestination(am).keys()].sort());
  });

  it.each([
    ['PagerDuty v2, defaults', '/pd/v2/enqueue'],
    ['PagerDuty v2, templated fields, links and images', '/pd2'],
    ['PagerDuty v1 (service_key)', '/generic/2010-04-15/create_event.json'],
    ['Opsgenie, global key and defaults', '/og/v2/alerts'],
    ['Opsgenie, close', '/og/v2/alerts/ALIAS/close'],
    ['Opsgenie, responders, tags, actions', '/og2/v2/alerts'],
    ['Opsgenie, update_alerts message', '/og2/v2/alerts/ALIAS/message'],
    ['Opsgenie, update_alerts description', '/og2/v2/alerts/ALIAS/description'],
    ['Opsgenie, close (second config)', '/og2/v2/alerts/ALIAS/close'],
    ['Telegram (both configs: HTML default and plain)', '/tg/bot123:telegram-token/sendMessage'],
    ['Discord, defaults', '/discord/1/discord-secret'],
    ['Discord, templated', '/discord/2/discord-secret'],
    ['Webex, defaults', '/webex/v1/messages'],
    ['Webex, templated', '/webex2'],
    ['Pushover (both configs)', '/1/messages.json'],
  ])('%s: field by field as Alertmanager', (_name, where) => {
    const mine = byDestination(pg).get(where);
    const theirs = byDestination(am).get(where);
    expect(theirs, `Alertmanager sent nothing to ${where}`).toBeDefined();
    // Telegram's and Pushover's two configs share a destination, and both systems send them concurrently.
    const order = (list: Record<string, unknown>[]) =>
      [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(order(mine ?? [])).toEqual(order(theirs ?? []));
  });
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
