import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type AgentConfig } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/log.js';
import { Reloader, restartOnlyChanges } from '../../../src/agent/reloader.js';

const config = (): AgentConfig => loadConfig({ env: { DATABASE_URL: 'postgresql://u@db/app' } });

describe('Reloader', () => {
  it('hands a loaded config to every hook in order and reports success', async () => {
    let now = 1_000_000;
    const reloader = new Reloader(config, silentLogger(), () => now);
    const seen: string[] = [];
    reloader.addHook('a', (c) => void seen.push(`a:${c.targets[0]?.name}`));
    reloader.addHook('b', () => void seen.push('b'));
    now = 2_000_000;
    expect(await reloader.reload('test')).toEqual({ ok: true });
    expect(seen).toEqual(['a:db:5432', 'b']);
    expect(reloader.families().map((f) => [f.name, f.samples[0]?.value])).toEqual([
      ['pgwarden_config_last_reload_successful', 1],
      ['pgwarden_config_last_reload_success_timestamp_seconds', 2000],
    ]);
  });

  it('keeps the running config when the file does not load, and says why', async () => {
    let broken = false;
    const reloader = new Reloader(
      () => {
        if (broken) throw new ConfigError(['pgwarden.yml:3:5: targets.0.url: Required']);
        return config();
      },
      silentLogger(),
      () => 5_000,
    );
    const applied: AgentConfig[] = [];
    reloader.addHook('targets', (c) => void applied.push(c));
    broken = true;
    const result = await reloader.reload('SIGHUP');
    expect(result).toEqual({ ok: false, error: expect.stringContaining('pgwarden.yml:3:5: targets.0.url: Required') });
    expect(applied).toEqual([]);
    expect(reloader.families()[0]?.samples[0]?.value).toBe(0);
    expect(reloader.families()[1]?.samples[0]?.value).toBe(5);
  });

  it('names the part that refused the new config', async () => {
    const reloader = new Reloader(config, silentLogger());
    reloader.addHook('rules', () => {
      throw new Error('rules.yml:2:3: bad expression');
    });
    expect(await reloader.reload('api')).toEqual({ ok: false, error: 'rules: rules.yml:2:3: bad expression' });
  });
});

describe('Reloader: atomic', () => {
  it('applies no part when a later part refuses the new config', async () => {
    const reloader = new Reloader(config, silentLogger());
    const applied: string[] = [];
    reloader.addHook('targets', () => () => void applied.push('targets'));
    reloader.addHook('rules', () => {
      throw new Error('rules.yml:2:3: bad expression');
    });
    expect(await reloader.reload('api')).toEqual({ ok: false, error: 'rules: rules.yml:2:3: bad expression' });
    expect(applied).toEqual([]);
  });

  it('applies every part, in order, once all have accepted', async () => {
    const reloader = new Reloader(config, silentLogger());
    const steps: string[] = [];
    reloader.addHook('a', () => {
      steps.push('check a');
      return () => void steps.push('apply a');
    });
    reloader.addHook('b', async () => {
      steps.push('check b');
      return () => void steps.push('apply b');
    });
    expect(await reloader.reload('api')).toEqual({ ok: true });
    expect(steps).toEqual(['check a', 'check b', 'apply a', 'apply b']);
  });
});

describe('restartOnlyChanges', () => {
  const base = config();
  it.each<[string, Partial<AgentConfig>, string[]]>([
    ['nothing', {}, []],
    ['targets', { targets: [] }, []],
    ['state_dir', { stateDir: '/elsewhere' }, ['state_dir']],
    ['evaluation_interval', { evaluationIntervalMs: 1 }, ['evaluation_interval']],
    ['external_labels', { externalLabels: { dc: 'x' } }, ['external_labels']],
    ['min_history', { minHistoryMs: 3600_000 }, ['min_history']],
  ])('%s', (_what, change, expected) => {
    expect(restartOnlyChanges(base, { ...base, ...change })).toEqual(expected);
  });
});
