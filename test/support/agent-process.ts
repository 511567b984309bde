import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_ENTRY, launcherNodeFlags } from '../../src/cli/node-flags.js';

export const CLI = CLI_ENTRY;
/** `node` with the flags of the CLI's #! line and the CLI: the agent as the installed command runs. */
const nodeArgs = (args: readonly string[], cli = CLI) => [...launcherNodeFlags(), cli, ...args];

export interface AgentProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built CLI (or another install's `cli`) as a child process and waits until it says where it listens. */
export async function startAgent(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  cli = CLI,
  /** The working directory, where a config-less agent keeps its state_dir (`.state`); the caller's by default. */
  cwd?: string,
): Promise<AgentProcess> {
  const child = spawn(process.execPath, nodeArgs(args, cli), {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent did not start in time:\n${output}`)), timeoutMs);
    const onData = () => {
      const match = /"address":"([^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://${match[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`agent exited with ${code}:\n${output}`)));
  });
  return {
    child,
    url,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the CLI to completion; for commands like --help, check, rules. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs(args), {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
