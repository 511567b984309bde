// From a clean copy of the repository (the files git would commit, nothing beside them), the Dockerfile's npm steps
// with npm 10 (node:22's) and npm 11 (node:24's), replayed outside a container; then the installed agent against the
// run's real PostgreSQL. A lock file that one npm calls out of sync, a file the build needs but git does not carry,
// or a production install that misses a runtime dependency fails here. Slow (two installs from the npm cache).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { startAgent } from '../support/agent-process.js';
import { dockerStages, type DockerStage } from '../support/dockerfile.js';
import { testDatabaseUrl } from '../support/postgres.js';

const root = packageRoot();
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const work = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-clean-install-'));

/** The files a clone would have: tracked and new (not ignored) files, as they are in the work tree. */
function cleanCopy(into: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  for (const file of files.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(root, file))) continue; // deleted in the work tree, not yet committed
    mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(into, file));
  }
}

function run(command: string, cwd: string): void {
  const result = spawnSync('sh', ['-c', command], {
    cwd,
    encoding: 'utf8',
    timeout: 600_000,
    // The npm cache stands in for the registry (same tarballs, same integrity checks), to keep the test short.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_prefer_offline: 'true' },
  });
  expect({ command, status: result.status, output: result.status === 0 ? '' : result.stdout + result.stderr }).toEqual({
    command,
    status: 0,
    output: '',
  });
}

/** Replays each stage in its own directory, container paths mapped below it; returns each stage's root. */
function replay(stages: readonly DockerStage[], context: string, npm: string): Map<string, string> {
  const roots = new Map<string, string>();
  stages.forEach((stage, i) => {
    const stageRoot = path.join(work, `${npm.replace(/\W+/g, '-')}-stage${i}`);
    roots.set(stage.name ?? String(i), stageRoot);
    let cwd = stageRoot;
    mkdirSync(cwd, { recursive: true });
    for (const step of stage.steps) {
      if (step.kind === 'workdir') {
        cwd = path.join(stageRoot, step.dir);
        mkdirSync(cwd, { recursive: true });
      } else if (step.kind === 'copy') {
        const base = step.from ? (roots.get(step.from) as string) : context;
        const dest = path.isAbsolute(step.dest) ? path.join(stageRoot, step.dest) : path.resolve(cwd, step.dest);
        const intoDir = step.sources.length > 1 || step.dest.endsWith('/');
        for (const source of step.sources) {
          const from = path.join(base, source);
          cpSync(from, intoDir ? path.join(dest, path.basename(source)) : dest, { recursive: true });
        }
      } else {
        run(step.command.replace(/^npm\s/, `${npm} `), cwd);
      }
    }
  });
  return roots;
}

describe("the Dockerfile's npm steps from a clean copy of the repository", () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const context = path.join(work, 'clone');
  cleanCopy(context);
  const stages = dockerStages(dockerfile);
  // The image's command: the symlink the Dockerfile makes to the built CLI.
  const cliInImage = /ln -s (\S+) \/usr\/local\/bin\/pgwarden/.exec(dockerfile)?.[1] as string;

  it('reads an npm ci in every stage and the CLI the image runs', () => {
    expect(stages.length).toBe(2);
    for (const stage of stages)
      expect(stage.steps.some((s) => s.kind === 'run' && /^npm ci\b/.test(s.command))).toBe(true);
    expect(cliInImage).toMatch(/^\/opt\/pgwarden\/dist\//);
  });

  it.each(['10', '11'])(
    'installs with npm %s, and the installed agent reports pg_up 1',
    async (major) => {
      const npm = `npx -y npm@${major}`;
      expect(execFileSync('sh', ['-c', `${npm} --version`], { encoding: 'utf8', timeout: 300_000 })).toMatch(
        new RegExp(`^${major}\\.`),
      );
      const roots = replay(stages, context, npm);
      const cli = path.join([...roots.values()].at(-1) as string, cliInImage);
      expect(existsSync(cli)).toBe(true);
      const agent = await startAgent(
        ['serve', '--web.listen-address=127.0.0.1:0'],
        { DATABASE_URL: testDatabaseUrl() },
        60_000,
        cli,
      );
      try {
        const body = await (await fetch(`${agent.url}/metrics`)).text();
        expect(body).toMatch(/^pg_up 1$/m);
      } finally {
        await agent.stop();
      }
    },
    1_200_000,
  );
});
