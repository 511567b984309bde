// Two agents with one configuration split its targets by --shard.index/--shard.count: every target is collected by
// exactly one of them, /api/v1/targets says which (Prometheus's shape), and /api/v1/http_sd lists the owned /probe URLs.
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { targetLines, writeConfigFile } from '../support/config-file.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { eventually } from '../support/eventually.js';

interface TargetsDoc {
  status: string;
  data: {
    activeTargets: Array<{ labels: Record<string, string>; health: string; scrapeUrl: string }>;
    droppedTargets: Array<{ discoveredLabels: Record<string, string> }>;
  };
}

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];

describe('sharding a fleet between agents', () => {
  const agents: AgentProcess[] = [];
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
  });

  it('splits the targets exactly, and each agent collects only its own', async () => {
    // One configuration, as on two machines: each copy in its own directory, so each agent has its own state_dir.
    const lines = [...targetLines(NAMES.map((n) => [n, testDatabaseUrl()] as const))];
    for (const index of [0, 1]) {
      const config = writeConfigFile(lines);
      agents.push(
        await startAgent(
          ['--config', config, '--web.listen-address=127.0.0.1:0', `--shard.index=${index}`, '--shard.count=2'],
          {},
        ),
      );
    }
    const docs: TargetsDoc[] = [];
    for (const agent of agents) {
      let doc: TargetsDoc | undefined;
      await eventually(async () => {
        doc = (await (await fetch(`${agent.url}/api/v1/targets`)).json()) as TargetsDoc;
        return doc.data.activeTargets.every((t) => t.health === 'up');
      }, 30_000);
      docs.push(doc as TargetsDoc);
    }
    const owned = docs.map((d) => d.data.activeTargets.map((t) => t.labels.instance as string).sort());
    expect([...(owned[0] ?? []), ...(owned[1] ?? [])].sort()).toEqual([...NAMES].sort());
    expect(owned[0]?.length).toBeGreaterThan(0);
    expect(owned[1]?.length).toBeGreaterThan(0);
    // Each agent lists the other's targets as dropped, and serves /probe only for its own.
    expect(docs[0]?.data.droppedTargets.map((t) => t.discoveredLabels.__address__).sort()).toEqual(owned[1]);
    const [first, second] = agents as [AgentProcess, AgentProcess];
    const foreign = owned[1]?.[0] as string;
    expect((await fetch(`${first.url}/probe?target=${foreign}`)).status).toBe(404);
    expect((await fetch(`${second.url}/probe?target=${foreign}`)).status).toBe(200);
    const metrics = await (await fetch(`${first.url}/metrics`)).text();
    expect(metrics).not.toContain(`target="${foreign}"`);

    // http_sd: one group per owned target, scraped through this agent's /probe.
    const sd = (await (await fetch(`${second.url}/api/v1/http_sd`)).json()) as Array<{
      targets: string[];
      labels: Record<string, string>;
    }>;
    expect(sd.map((g) => g.labels.__param_target).sort()).toEqual(owned[1]);
    expect(sd.every((g) => g.labels.__metrics_path__ === '/probe' && g.targets[0] === new URL(second.url).host)).toBe(
      true,
    );
  });
});
