import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/demo/free-port.js';

/** Writes a config file (a new one in a fresh directory, or over `file`) and returns its path. */
export function writeConfigFile(lines: readonly string[], file?: string): string {
  file ??= path.join(mkdtempSync(path.join(os.tmpdir(), 'pgwarden-config-')), 'pgwarden.yml');
  writeFileSync(file, [...lines, ''].join('\n'));
  return file;
}

/** The `targets:` lines for name → url pairs. */
export function targetLines(targets: ReadonlyArray<readonly [string, string]>): string[] {
  return ['targets:', ...targets.flatMap(([name, url]) => [`  - name: ${name}`, `    url: ${url}`])];
}

/** A PostgreSQL URL on a loopback port where nothing listens (a target that is down). */
export async function closedPortUrl(): Promise<string> {
  return `postgresql://monitor@127.0.0.1:${await freePort()}/postgres`;
}

/** One target `db1` at `url`, collected and evaluated every second: the head of the agent tests' alerting configs. */
export function fastAgentLines(url: string): string[] {
  return [...targetLines([['db1', url]]), 'collection_interval: 1s', 'evaluation_interval: 1s'];
}
