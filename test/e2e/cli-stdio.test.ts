// The CLI when the reader of its output is gone: Nagios killed the worker that started the check, `| head` closed the
// pipe, journald restarted under the agent. Before the fix, the first EPIPE became an uncaught exception whose
// handler wrote to the same dead pipe, looping for ever at 100% CPU with the check's own deadline never firing.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { CLI } from '../support/agent-process.js';
import { closedPortUrl, targetLines, writeConfigFile } from '../support/config-file.js';
import { eventually } from '../support/http-receiver.js';

/** Runs the CLI with stdout and stderr pipes whose reading end is closed at once; resolves with how it ended. */
function runWithDeadPipes(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  child.stderr.destroy();
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('output to a reader that is gone', () => {
  it('pgwarden check still ends, with its verdict as the exit code', async () => {
    const config = writeConfigFile(targetLines([['down', await closedPortUrl()]]));
    expect(await runWithDeadPipes(['check', '--config', config, '--health', '--timeout', '5'])).toEqual({
      code: 2,
      signal: null,
    });
  }, 60_000);

  it('the agent keeps serving when its log stream breaks', async () => {
    const config = writeConfigFile([...targetLines([['down', await closedPortUrl()]]), 'collection_interval: 1s']);
    const child = spawn(process.execPath, [CLI, 'serve', '--config', config, '--web.listen-address=127.0.0.1:0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Read the listen address from the first log lines, then stop reading: every later log line hits EPIPE.
    const address = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stderr.on('data', (d: Buffer) => {
        seen += d.toString();
        const match = /"address":"([^"]+)"/.exec(seen);
        if (match) resolve(match[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`agent exited with ${code}: ${seen}`)));
    });
    child.stderr.destroy();
    try {
      // Each reload writes log lines, now to a pipe nobody reads.
      for (let i = 0; i < 3; i++) {
        const reload = await fetch(`http://${address}/-/reload`, { method: 'POST' });
        expect(reload.status).toBe(200);
      }
      const body = await eventually(
        async () => {
          const text = await (await fetch(`http://${address}/metrics`)).text();
          return /^pg_up\b/m.test(text) ? text : undefined;
        },
        30_000,
        'pg_up in /metrics',
      );
      expect(body).toMatch(/^pg_up(\{[^}]*\})? 0$/m);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('the watchdog ends a check whose event loop is blocked, after printing its verdict', async () => {
    const deadline = pathToFileURL(path.join(packageRoot(), 'dist', 'src', 'cli', 'hard-deadline.js')).href;
    const script = `import { startHardDeadline } from ${JSON.stringify(deadline)};
startHardDeadline(300, 'POSTGRES UNKNOWN - killed\\n');
for (;;) {}`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );
    expect(ended).toEqual({ code: null, signal: 'SIGKILL' });
    expect(stdout).toBe('POSTGRES UNKNOWN - killed\n');
  }, 60_000);
});
