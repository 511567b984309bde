// The console's read-only switch from the configuration (web.read_only), the flags that override it both ways, and a
// reload that changes it: the built agent on the test PostgreSQL, asked over HTTP.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { testDatabaseUrl } from '../support/postgres.js';

const SILENCE = 'matchers=alertname%3D%22ReadOnlyProbe%22&createdBy=test&comment=probe&duration=1h';

function writeConfig(dir: string, readOnly: boolean | undefined): string {
  const file = path.join(dir, 'pgwarden.yml');
  writeFileSync(
    file,
    JSON.stringify({
      targets: [{ name: 'main', url: testDatabaseUrl() }],
      state_dir: path.join(dir, 'state'),
      alerting: { route: { receiver: 'none' }, receivers: [{ name: 'none' }] },
      ...(readOnly === undefined ? {} : { web: { read_only: readOnly } }),
    }),
  );
  return file;
}

/** Whether the console offers and accepts a state change: the Silences form, and a POST creating a silence. */
async function writable(url: string): Promise<{ form: boolean; post: number }> {
  const page = await (await fetch(`${url}/silences`)).text();
  const post = await fetch(`${url}/silences`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: SILENCE,
    redirect: 'manual',
  });
  return { form: page.includes('Create silence'), post: post.status };
}

describe('web.read_only', () => {
  let agent: AgentProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await agent?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const start = async (readOnly: boolean | undefined, flags: string[] = []) => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-read-only-'));
    const config = writeConfig(dir, readOnly);
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0', ...flags], {});
    return { url: agent.url };
  };

  it.each([
    ['no key, no flag', undefined, [], { form: true, post: 303 }],
    ['web.read_only: true', true, [], { form: false, post: 403 }],
    ['web.read_only: true overridden by --no-web.read-only', true, ['--no-web.read-only'], { form: true, post: 303 }],
    ['web.read_only: false overridden by --web.read-only', false, ['--web.read-only'], { form: false, post: 403 }],
  ] as const)('%s', async (_name, readOnly, flags, expected) => {
    const { url } = await start(readOnly, [...flags]);
    expect(await writable(url)).toEqual(expected);
  });

  it('follows a reload of the configuration', async () => {
    const { url } = await start(false);
    expect((await writable(url)).post).toBe(303);
    writeConfig(dir!, true);
    const reload = await fetch(`${url}/-/reload`, { method: 'POST' });
    expect(reload.status, await reload.text()).toBe(200);
    expect(await writable(url)).toEqual({ form: false, post: 403 });
  });
});
