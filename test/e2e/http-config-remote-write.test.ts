// remote_write and the heartbeat through the one http_config client, against real loopback servers: remote-write
// bodies to an HTTPS receiver trusted through ca_file (with mTLS and an OAuth2 token), through a real forwarding proxy,
// and the heartbeat over HTTPS; sigv4 refused by name; a missing file a config error naming the field.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import snappy from 'snappyjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { RemoteWriters, remoteWriteConfigSchema } from '../../src/remote-write/index.js';
import { WriteRequest } from '../../src/remote-write/encode.js';
import { Heartbeat, heartbeatSettings } from '../../src/watchdog/heartbeat.js';
import { heartbeatSchema } from '../../src/watchdog/heartbeat-config.js';
import { testCa } from '../support/tls.js';
import { startRecordingServer, type RecordedRequest } from '../support/recording-server.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { startTokenServer } from '../support/oauth2-server.js';
import { waitFor } from './notify/support.js';

const ca = testCa();
const serverCert = ca.issue('receiver');
ca.issue('agent', { client: true }); // agent.crt and agent.key, the mTLS client's
let stateDir = '';
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'pgwarden-rw-http-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(stateDir, { recursive: true, force: true });
});

const snapshot = (value: number) => ({
  target: 'db1',
  timestamp: Date.now(),
  families: [{ name: 'pg_up', help: 'up', type: 'gauge' as const, samples: [{ labels: {}, value }] }],
});

/** The sample values of a received remote-write body (snappy-compressed WriteRequest). */
function samplesOf(request: RecordedRequest): number[] {
  const decoded = WriteRequest.toObject(WriteRequest.decode(snappy.uncompress(request.body))) as {
    timeseries: { samples: { value: number }[] }[];
  };
  return decoded.timeseries.flatMap((t) => t.samples.map((s) => s.value));
}

async function writers(entry: Record<string, unknown>): Promise<RemoteWriters> {
  const entries = remoteWriteConfigSchema.parse([
    { queue_config: { batch_send_deadline: '10ms', min_backoff: '10ms', max_backoff: '50ms' }, ...entry },
  ]);
  const running = new RemoteWriters(silentLogger());
  const settings = { entries, stateDir, baseDir: ca.dir, externalLabels: {} };
  running.check(settings);
  await running.apply(settings);
  cleanups.push(() => running.stop());
  return running;
}

describe('remote_write with http_config keys', () => {
  it('sends to an HTTPS receiver with ca_file, a client certificate and an OAuth2 token', async () => {
    const tokens = await startTokenServer({ id: 'agent', secret: 'rw-secret' });
    cleanups.push(() => tokens.stop());
    const receiver = await startRecordingServer({
      tls: { cert: serverCert.cert, key: serverCert.key, requestCert: true, rejectUnauthorized: true, ca: ca.ca },
      answer: (_req, res) => res.writeHead(204).end(),
    });
    cleanups.push(() => receiver.stop());
    const running = await writers({
      url: receiver.url('/api/v1/write'),
      tls_config: { ca_file: 'ca.crt', cert_file: 'agent.crt', key_file: 'agent.key' },
      oauth2: { client_id: 'agent', client_secret: 'rw-secret', token_url: tokens.tokenUrl },
    });
    running.ingest(snapshot(7));
    await waitFor(() => receiver.requests.length >= 1, 'the remote-write request');
    const request = receiver.requests[0]!;
    expect(request.clientCn).toBe('agent');
    expect(request.headers.authorization).toBe('Bearer token-1');
    expect(request.headers['content-encoding']).toBe('snappy');
    expect(samplesOf(request)).toContain(7);
  });

  it('goes through a real forwarding proxy (proxy_url) with basic_auth', async () => {
    const receiver = await startRecordingServer({ answer: (_req, res) => res.writeHead(204).end() });
    cleanups.push(() => receiver.stop());
    const forward = await startForwardProxy();
    cleanups.push(() => forward.stop());
    const running = await writers({
      url: receiver.url('/api/v1/write'),
      proxy_url: forward.url(),
      basic_auth: { username: 'agent', password: 'rw-password' },
    });
    running.ingest(snapshot(3));
    await waitFor(() => receiver.requests.length >= 1, 'the remote-write request through the proxy');
    expect(forward.forwarded[0]).toBe(receiver.url('/api/v1/write'));
    expect(receiver.requests[0]!.headers.authorization).toBe(`Basic ${btoa('agent:rw-password')}`);
  });

  it('keeps retrying an untrusted receiver (no ca_file) without sending a byte to it', async () => {
    const receiver = await startRecordingServer({ tls: { cert: serverCert.cert, key: serverCert.key } });
    cleanups.push(() => receiver.stop());
    const running = await writers({ url: receiver.url('/api/v1/write') });
    running.ingest(snapshot(1));
    const failed = () =>
      running.families().find((f) => f.name === 'pgwarden_remote_write_requests_failed_total')?.samples[0]?.value ?? 0;
    await waitFor(() => failed() >= 2, 'failed requests');
    expect(receiver.requests).toEqual([]);
  });

  it.each([
    [{ sigv4: { region: 'eu-west-1' } }, 'sigv4 is not supported'],
    [{ azuread: { cloud: 'AzurePublic' } }, 'azuread is not supported'],
    [{ headers: { Authorization: 'Bearer x' } }, 'Authorization is reserved'],
    [{ basic_auth: { username: 'u' }, oauth2: { client_id: 'c', token_url: 'http://t' } }, 'at most one of'],
  ])('%j is refused: %s', (extra, message) => {
    const result = remoteWriteConfigSchema.safeParse([{ url: 'https://mimir.example.com/push', ...extra }]);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join('\n')).toContain(message);
  });

  it('a missing ca_file is an error naming the field, before anything starts', () => {
    const entries = remoteWriteConfigSchema.parse([
      { url: 'https://x.test/push', tls_config: { ca_file: 'nope.crt' } },
    ]);
    const running = new RemoteWriters(silentLogger());
    expect(() => running.check({ entries, stateDir, baseDir: ca.dir, externalLabels: {} })).toThrow(
      /^remote_write\[0\]\.tls_config\.ca_file: cannot read secret file/,
    );
  });
});

describe('heartbeat with http_config', () => {
  it('calls an HTTPS heartbeat URL trusted through ca_file, with its authorization', async () => {
    const receiver = await startRecordingServer({ tls: { cert: serverCert.cert, key: serverCert.key } });
    cleanups.push(() => receiver.stop());
    const config = heartbeatSchema.parse({
      url: receiver.url('/ping/abc'),
      http_config: { tls_config: { ca_file: 'ca.crt' }, authorization: { credentials: 'hb-token' } },
    });
    const heartbeat = new Heartbeat(
      {
        targets: () => [{ name: 'db1', collectedAt: Date.now(), up: true }],
        ruleGroups: () => [],
        oldestPendingAt: () => undefined,
        collectionIntervalMs: () => 15_000,
      },
      silentLogger(),
    );
    heartbeat.apply(await heartbeatSettings(config, ca.dir));
    cleanups.push(async () => heartbeat.stop());
    await heartbeat.beat();
    expect(receiver.requests.map((r) => [r.path, r.headers.authorization])).toEqual([['/ping/abc', 'Bearer hb-token']]);
  });
});
