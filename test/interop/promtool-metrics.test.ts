import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { referenceFamilies } from '../support/reference.js';

// promtool's lint rules (counters end in _total, no _count on gauges) disagree with names postgres_exporter fixed
// long ago; we keep its names so dashboards keep working. Only those names may draw lint remarks.
function lintRemarkAllowed(metric: string, compatible: Set<string>): boolean {
  return compatible.has(metric) || metric.startsWith('pg_settings_') || metric.startsWith('nodejs_');
}

describe('promtool check metrics', () => {
  let agent: AgentProcess;
  afterAll(async () => {
    await agent?.stop();
  });

  it('accepts /metrics: no parse errors, lint remarks only on postgres_exporter-compatible names', async () => {
    agent = await startAgent(['--web.listen-address=127.0.0.1:0'], { DATABASE_URL: testDatabaseUrl() });
    const text = await (await fetch(`${agent.url}/metrics`)).text();
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(result.error, 'promtool must be installed (Debian package prometheus)').toBeUndefined();
    // 0: clean; 3: lint remarks only; 1: the exposition could not be parsed.
    expect([0, 3]).toContain(result.status);
    const compatible = new Set(referenceFamilies().map((f) => f.name));
    const remarks = (result.stdout + result.stderr).split('\n').filter(Boolean);
    const unexpected = remarks.filter((line) => !lintRemarkAllowed(line.split(' ')[0] as string, compatible));
    expect(unexpected).toEqual([]);
  });
});
