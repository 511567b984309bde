// A resolution reaches node 0 of a real Alertmanager cluster last (src/notify/alertmanager-order.ts): the forwarder
// reads each node's position from its /api/v2/status and posts a batch with a resolved alert from the highest
// position down, node 0 only after the others answered; a batch of firing alerts goes to every node at once. A
// recording proxy in front of each real node notes when each post arrives and when the node answered.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanagers, type AlertmanagerSet } from '../../bench/alertmanager-process.js';
import { SecretRegistry } from '../../src/config/secrets.js';
import { createHttpClient } from '../../src/http-client/client.js';
import { clusterPosition } from '../../src/notify/alertmanager-order.js';
import { AlertmanagerForwarder } from '../../src/notify/forward.js';
import { NotifyMetrics } from '../../src/notify/metrics.js';
import type { NotifiableAlert } from '../../src/notify/types.js';
import { silentLogger } from '../../src/log.js';

interface Post {
  readonly statuses: string[];
  readonly arrivedAt: number;
  answeredAt: number;
}

/** Passes every request on to `target` and records each alert post: what it carried, when it came and was answered. */
async function recordingProxy(target: string): Promise<{ url: string; posts: Post[]; close(): Promise<void> }> {
  const posts: Post[] = [];
  const server: Server = createServer((req, res) => {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const upstream = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        ...(req.method === 'POST' ? { body } : {}),
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      if (req.method === 'POST') {
        const alerts = JSON.parse(body.toString()) as { endsAt: string }[];
        const statuses = alerts.map((a) => (Date.parse(a.endsAt) <= Date.now() ? 'resolved' : 'firing'));
        posts.push({ statuses, arrivedAt, answeredAt: performance.now() });
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const alert = (status: NotifiableAlert['status'], now: number): NotifiableAlert => ({
  labels: { alertname: 'OrderedResolution', instance: 'db1' },
  annotations: {},
  startsAt: now - 60_000,
  endsAt: status === 'resolved' ? now - 1000 : 0,
  generatorURL: 'http://pgwarden.example/graph',
  status,
  fingerprint: 'ordered-resolution',
});

describe('forwarding to a real two-node Alertmanager cluster', () => {
  let cluster: AlertmanagerSet;
  let proxies: Awaited<ReturnType<typeof recordingProxy>>[];
  let positions: number[];

  beforeAll(async () => {
    cluster = await startAlertmanagers(
      { route: { receiver: 'none', group_wait: '1h' }, receivers: [{ name: 'none' }] },
      { nodes: 2 },
    );
    proxies = await Promise.all(cluster.nodes.map((node) => recordingProxy(node.url)));
    for (let i = 0; i < 50; i++) {
      const answers = await Promise.all(cluster.nodes.map(async (n) => (await fetch(`${n.url}/api/v2/status`)).json()));
      positions = answers.map((a) => clusterPosition(a) ?? -1);
      if (!positions.includes(-1)) break;
      await new Promise((resolve) => setTimeout(resolve, 200)); // the gossip join
    }
    expect([...positions].sort()).toEqual([0, 1]);
  });

  afterAll(async () => {
    await Promise.all((proxies ?? []).map((p) => p.close()));
    await cluster?.stop();
  });

  it('posts firing to both nodes at once, and a resolution to node 0 only after node 1 answered', async () => {
    const client = createHttpClient(undefined);
    // Node 0 listed first: the configured order must not decide who gets the resolution last.
    const urls = positions[0] === 0 ? proxies.map((p) => p.url) : [...proxies].reverse().map((p) => p.url);
    const forwarder = new AlertmanagerForwarder(urls, {
      resendMs: 60_000,
      timeoutMs: 5000,
      now: () => Date.now(),
      logger: silentLogger(),
      metrics: new NotifyMetrics(() => Date.now()),
      secrets: new SecretRegistry(),
      client,
    });
    try {
      forwarder.submit([alert('firing', Date.now())]);
      await forwarder.send();
      forwarder.submit([alert('resolved', Date.now())]);
      await forwarder.send();
    } finally {
      await client.close();
    }
    const [node0, node1] = positions[0] === 0 ? proxies : [proxies[1]!, proxies[0]!];
    expect(node0!.posts.map((p) => p.statuses)).toEqual([['firing'], ['resolved']]);
    expect(node1!.posts.map((p) => p.statuses)).toEqual([['firing'], ['resolved']]);
    // Firing: sent together (node 0 did not wait for node 1's answer).
    expect(node0!.posts[0]!.arrivedAt).toBeLessThan(node1!.posts[0]!.answeredAt);
    // Resolved: node 0's post left only after node 1 had answered.
    expect(node0!.posts[1]!.arrivedAt).toBeGreaterThan(node1!.posts[1]!.answeredAt);
  });
});
