// docs/fleet.md's worked configuration (deploy/fleet/): 300 servers on 3 agents, loaded by the agent's own loader.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../../src/agent/agent-config.js';
import { withDiscovered } from '../../../src/fleet/discovered-config.js';
import { FileSd } from '../../../src/fleet/file-sd.js';
import type { FileSdConfig } from '../../../src/fleet/file-sd-config.js';
import { discoveredTargets, parseFileSd } from '../../../src/fleet/file-sd-parse.js';
import { splitByShard } from '../../../src/fleet/apply-shard.js';
import { RemoteWriters, type RemoteWriteEntry } from '../../../src/remote-write/index.js';
import { silentLogger } from '../../../src/log.js';
import { packageRoot } from '../../../src/paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-fleet-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 300 servers in three sites, as an operator's inventory would write them into sd/. */
function writeInventory(): string[] {
  const names: string[] = [];
  const groups = ['eu', 'us', 'ap'].map((site) => {
    const targets = Array.from({ length: 100 }, (_, i) => `pg-${site}-${String(i + 1).padStart(3, '0')}`);
    names.push(...targets);
    return `- targets: [${targets.join(', ')}]\n  labels: { domain: db.${site}.example.com, site: ${site} }\n`;
  });
  writeFileSync(path.join(dir, 'sd', 'inventory.yml'), groups.join(''));
  return names;
}

describe('the worked configuration for 300 servers on 3 agents', () => {
  cpSync(path.join(packageRoot(), 'deploy', 'fleet'), dir, { recursive: true });
  rmSync(path.join(dir, 'sd', 'example.yml'));
  const names = writeInventory();
  cpSync(path.join(packageRoot(), 'deploy', 'fleet', 'sd', 'example.yml'), path.join(dir, 'example.yml'));
  writeFileSync(path.join(dir, 'secrets', 'monitor.password'), 'monitor-secret\n', { flag: 'w' });

  it('loads, splits the 300 servers between the 3 shards exactly, and builds each DSN with its password', async () => {
    const config = loadAgentConfig(path.join(dir, 'pgwarden.yml'), {});
    expect(config.collectionConcurrency).toBe(16);
    expect(config.collectionIntervalMs).toBe(15_000);
    const sd = new FileSd(silentLogger(), () => undefined);
    await sd.configure(config.fileSd as FileSdConfig[], config.baseDir);
    sd.stop();
    const all = withDiscovered(config, sd.targets, silentLogger()).targets;
    expect(all.map((t) => t.name).sort()).toEqual([...names].sort());
    const shards = [0, 1, 2].map((index) => splitByShard(all, { index, count: 3 }).owned.map((t) => t.name));
    expect(shards.flat().sort()).toEqual([...names].sort()); // each server on exactly one agent
    for (const owned of shards) expect(owned.length).toBeGreaterThan(80);
    const one = all.find((t) => t.name === 'pg-us-042');
    expect(one?.connection.host).toBe('pg-us-042.db.us.example.com');
    expect(one?.connection.password).toBe('monitor-secret');
    expect(one?.labels).toEqual({ domain: 'db.us.example.com', site: 'us' });
    // remote_write's credentials file and relabelling are what the agent checks before it starts sending.
    const entries = config.remoteWrite as RemoteWriteEntry[];
    expect(entries.map((e) => e.url)).toEqual(['https://mimir.example.com/api/v1/push']);
    expect(() =>
      new RemoteWriters(silentLogger()).check({
        entries,
        stateDir: config.stateDir,
        baseDir: config.baseDir,
        externalLabels: config.externalLabels,
      }),
    ).not.toThrow();
  });

  it('the example sd file of docs/fleet.md builds its DSNs with the same template', () => {
    const config = loadAgentConfig(path.join(dir, 'pgwarden.yml'), {});
    const [sd] = config.fileSd as FileSdConfig[];
    const groups = parseFileSd('example.yml', readFileSync(path.join(dir, 'example.yml'), 'utf8'));
    const found = discoveredTargets(
      groups.map((group) => ({ file: 'example.yml', group })),
      sd?.url_template ?? '',
    );
    expect(found.problems).toEqual([]);
    expect(found.targets.map((t) => new URL(t.url).host)).toEqual([
      'pg-eu-001.db.eu.example.com:5432',
      'pg-eu-002.db.eu.example.com:5432',
      'pg-eu-003.db.eu.example.com:5432',
      'pg-us-001.db.us.example.com:5432',
      'pg-us-002.db.us.example.com:5432',
    ]);
  });
});
