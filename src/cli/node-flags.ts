import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';

/** The built CLI, whose `#!` line carries the Node.js flags pgwarden runs with. */
export const CLI_ENTRY = path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

/**
 * The Node.js flags of the CLI's `#!/usr/bin/env -S node …` line, for whatever starts the CLI with `node` explicitly
 * (npm start, the bench, the end-to-end tests), so that it runs as the installed `pgwarden` command does.
 */
export function launcherNodeFlags(entry = CLI_ENTRY): string[] {
  const shebang = readFileSync(entry, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node((?: --[\w-]+(?:=\S+)?)*)$/.exec(shebang);
  if (!match) throw new Error(`${entry}: unexpected #! line "${shebang}"`);
  return (match[1] ?? '').split(' ').filter(Boolean);
}
