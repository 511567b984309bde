// Real Alertmanager 0.25 processes (Debian's prometheus-alertmanager) on loopback, alone or as a gossip cluster, for
// the side-by-side tests (test/interop/alertmanager-*.test.ts) and the HA measurement (`npm run bench -- ha`).
// State directories live in the system's temp directory and are removed by stop().
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../src/demo/free-port.js';

export const ALERTMANAGER_BINARY = '/usr/bin/prometheus-alertmanager';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface AlertmanagerNode {
  /** http://127.0.0.1:PORT, the base URL pgwarden's `alertmanagers:` takes. */
  readonly url: string;
  readonly child: ChildProcess;
}

export interface AlertmanagerSet {
  readonly nodes: readonly AlertmanagerNode[];
  stop(): Promise<void>;
}

/**
 * Gossip timings for a loopback cluster: the defaults (15 s peer timeout, 1 m settle) suit a WAN, and would make each
 * test wait that long. The peer timeout is how long the second node waits for the first one's notification-log entry
 * before it sends the notification itself; it stays well above the gossip interval.
 */
const CLUSTER_FLAGS = [
  '--cluster.gossip-interval=50ms',
  '--cluster.pushpull-interval=2s',
  '--cluster.settle-timeout=2s',
  '--cluster.probe-interval=500ms',
  '--cluster.reconnect-interval=1s',
];

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${output()}`);
    const ready = await fetch(`${url}/-/ready`).catch(() => undefined);
    if (ready?.ok) return;
    await sleep(100);
  }
  throw new Error(`alertmanager at ${url} did not become ready:\n${output()}`);
}

/**
 * Starts `nodes` Alertmanagers with the same configuration. With more than one, each listens for gossip on its own
 * loopback port and names every other node with --cluster.peer, as a production HA pair does.
 */
export async function startAlertmanagers(
  config: Record<string, unknown>,
  options: { nodes?: number; debug?: boolean; peerTimeout?: string; externalUrl?: string } = {},
): Promise<AlertmanagerSet> {
  const count = options.nodes ?? 1;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-am-'));
  const configFile = path.join(dir, 'alertmanager.yml');
  writeFileSync(configFile, stringify(config));
  const webPorts: number[] = [];
  const clusterPorts: number[] = [];
  for (let i = 0; i < count; i++) {
    webPorts.push(await freePort());
    clusterPorts.push(await freePort());
  }
  const nodes: AlertmanagerNode[] = [];
  const stop = async () => {
    await Promise.all(
      nodes.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) {
      const storage = path.join(dir, `node${i}`);
      const cluster =
        count === 1
          ? ['--cluster.listen-address=']
          : [
              `--cluster.listen-address=127.0.0.1:${clusterPorts[i]}`,
              ...clusterPorts.filter((_, j) => j !== i).map((port) => `--cluster.peer=127.0.0.1:${port}`),
              ...CLUSTER_FLAGS,
              `--cluster.peer-timeout=${options.peerTimeout ?? '1s'}`,
            ];
      const child = spawn(
        ALERTMANAGER_BINARY,
        [
          `--config.file=${configFile}`,
          `--storage.path=${storage}`,
          `--web.listen-address=127.0.0.1:${webPorts[i]}`,
          ...(options.externalUrl ? [`--web.external-url=${options.externalUrl}`] : []),
          ...cluster,
          options.debug ? '--log.level=debug' : '--log.level=warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      const keep = (chunk: Buffer) => {
        if (options.debug) process.stderr.write(chunk);
        output = (output + chunk.toString()).slice(-20_000);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      nodes.push({ url: `http://127.0.0.1:${webPorts[i]}`, child });
      await waitReady(`http://127.0.0.1:${webPorts[i]}`, child, () => output);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, stop };
}
