// The first request of a flush may leave while the state file that records it is still being written (src/notify/
// first-send.ts), but never before the disk holds something a restarted agent plans it from again: its outbox entry,
// or its group's alerts with no notification-log entry for them. Each request arriving at the receiver reads the state
// file at that moment and checks this.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertingConfigSchema } from '../../../src/notify/index.js';
import type { NotifyState } from '../../../src/notify/state.js';
import { fastRoute, firing, testEnvironment, waitFor } from './support.js';

const env = testEnvironment();

/** Whether the state on disk lets a restarted notifier send the firing alert `fingerprint` again. */
function replayable(state: NotifyState | undefined, fingerprint: string): boolean {
  if (!state) return false;
  if (state.outbox.some((n) => n.alerts.some((a) => a.fingerprint === fingerprint))) return true;
  const logged = Object.values(state.nflog).some((entry) => entry.firing.includes(fingerprint));
  return !logged && state.groups.some((g) => g.alerts[fingerprint]?.status === 'firing');
}

/** A webhook receiver that, on each request, records whether the alerts it carries could be planned again from disk. */
async function checkingReceiver(stateFile: string) {
  const seen: { fingerprint: string; replayable: boolean }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let state: NotifyState | undefined;
      try {
        state = JSON.parse(readFileSync(stateFile, 'utf8')) as NotifyState;
      } catch {
        state = undefined;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { alerts: { fingerprint: string }[] };
      for (const { fingerprint } of body.alerts) seen.push({ fingerprint, replayable: replayable(state, fingerprint) });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env.cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, seen };
}

describe('the first request and the state file', () => {
  it.each([
    ['alerts saved group_wait before the flush (the usual case)', '300ms'],
    ['a group flushed as it is created (group_wait 0): the request waits for the write', '0s'],
  ])('%s: every request leaves with its notification recoverable from disk', async (_name, groupWait) => {
    const stateFile = join(env.stateDir, 'notify', 'state.json');
    const hook = await checkingReceiver(stateFile);
    const notifier = await env.open(
      alertingConfigSchema.parse({
        route: fastRoute('hook', { group_wait: groupWait, group_by: ['alertname', 'instance'] }),
        receivers: [{ name: 'hook', webhook_configs: [{ url: hook.url, send_resolved: true }] }],
      }),
    );
    const alerts = Array.from({ length: 5 }, (_, i) => firing('FirstSend', { instance: `db${i}` }));
    for (const alert of alerts) notifier.submit([alert]);
    await waitFor(() => hook.seen.length === alerts.length, 'a request per group');
    expect(hook.seen.map((s) => s.fingerprint).sort()).toEqual(alerts.map((a) => a.fingerprint).sort());
    expect(hook.seen.filter((s) => !s.replayable)).toEqual([]);
  });
});
