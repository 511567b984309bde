import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launcherNodeFlags } from '../../../src/cli/node-flags.js';
import { packageRoot } from '../../../src/paths.js';

const source = path.join(packageRoot(), 'src', 'cli', 'main.ts');

describe('the Node.js flags pgwarden runs with', () => {
  const flags = launcherNodeFlags(source);

  it('are read from the #! line', () => {
    expect(flags).toEqual(['--max-semi-space-size=2', '--heap-growing-percent=15']);
  });

  it('are the ones npm start passes', () => {
    const manifest = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts.start).toBe(`node ${flags.join(' ')} dist/src/cli/main.js serve`);
  });

  it('are accepted by this Node.js (an unknown V8 flag would stop the agent from starting)', () => {
    const run = spawnSync(process.execPath, [...flags, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ok');
  });
});
