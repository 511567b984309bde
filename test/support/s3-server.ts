// A real S3-compatible server (the npm s3rver package) as a child process on loopback, for the off-site copy tests.
// It checks request signatures against its one account: access key S3RVER, secret S3RVER.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const S3RVER_KEY = 'S3RVER';
export const S3RVER_SECRET = 'S3RVER';

export interface S3Server {
  readonly endpoint: string;
  stop(): Promise<void>;
}

function s3rverBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
}

/** Starts s3rver on a port the kernel picks, with `buckets` created; resolves once it listens. */
export async function startS3Server(buckets: readonly string[]): Promise<S3Server> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pgwarden-s3rver-'));
  const args = [s3rverBin(), '-d', dataDir, '-a', '127.0.0.1', '-p', '0'];
  for (const bucket of buckets) args.push('--configure-bucket', bucket);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${output}`)), 30_000);
      child.stderr!.on('data', (chunk) => (output += String(chunk)));
      child.stdout!.on('data', (chunk) => {
        if (output.length > 65_536) return; // it logs every request; only its first lines matter
        output += String(chunk);
        const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}: ${output}`)));
    });
    return { endpoint: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
