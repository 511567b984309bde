// kill -9 at awkward moments: nothing due is lost, nothing delivered is sent again. The agent is played by a child
// process (fixtures/crash-child.ts, run with tsx) that shares a state directory with its successor.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fastRoute, firing, HttpReceiver, resolved, settle, type ReceivedRequest } from './support.js';
import type { CrashScript } from './fixtures/script.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));
let stateDir: string;
const children: ChildProcess[] = [];
const receivers: HttpReceiver[] = [];

beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'pgwarden-crash-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const receiver of receivers.splice(0)) await receiver.stop();
  await rm(stateDir, { recursive: true, force: true });
});

function config(url: string) {
  return {
    route: fastRoute('hook'),
    receivers: [{ name: 'hook', webhook_configs: [{ url, send_resolved: true }] }],
    delivery: { initial_backoff: '20ms', max_backoff: '50ms', send_timeout: '300ms' },
  };
}

/** Starts the child and resolves once it printed `line`. */
function run(url: string, script: CrashScript, line: 'READY' | 'DONE'): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', FIXTURE, stateDir, JSON.stringify(config(url)), JSON.stringify(script)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before ${line}: ${err}`)));
  });
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const statuses = (requests: ReceivedRequest[]) =>
  requests.map((r) => (r.body as { alerts: { status: string }[] }).alerts.map((a) => a.status).join(','));

describe('crash safety', () => {
  it('an alert that fired and resolved while the receiver was down arrives, exactly once, after kill -9 and restart', async () => {
    // Find a free port, then leave it closed: the receiver is down (connection refused).
    const probe = await HttpReceiver.start();
    const port = probe.port;
    await probe.stop();
    const url = `http://127.0.0.1:${port}/hook`;
    const alert = firing('PostgresReplicationLag');

    const first = await run(url, { rounds: [[alert], [resolved(alert)]], outboxAfterEachRound: [1, 2] }, 'READY');
    await kill9(first);

    const receiver = await HttpReceiver.start([], port);
    receivers.push(receiver);
    // The rule engine of the restarted agent re-sends the resolved alert; that must not add a notification.
    await run(url, { rounds: [[resolved(alert)]], waitIdle: true, lingerMs: 300, exit: true }, 'DONE');
    await settle(100);
    expect(statuses(receiver.accepted())).toEqual(['firing', 'resolved']);
  });

  it('a notification delivered just before kill -9 is not sent again after restart', async () => {
    const receiver = await HttpReceiver.start();
    receivers.push(receiver);
    const url = receiver.url('/hook');
    const alert = firing('PostgresReplicationLag');

    const first = await run(url, { rounds: [[alert]], deliveredLanes: 1 }, 'READY');
    await kill9(first);
    expect(receiver.accepted()).toHaveLength(1);

    // After restart the rule engine re-submits the still-firing alert for a few group intervals.
    await run(url, { rounds: [[alert], [alert]], lingerMs: 500, exit: true }, 'DONE');
    expect(statuses(receiver.accepted())).toEqual(['firing']);
  });
});
