import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/paths.js';

export interface ReferenceFamily {
  name: string;
  type: string;
  labels: string[];
  condition: string | undefined;
}

/** postgres_exporter v0.20.1's metric families, from ../shared/reference (beside the repository, as in CI). */
export function referenceFamilies(): ReferenceFamily[] {
  // Beside the repository in CI (../shared); a git worktree may sit one level deeper (../../shared).
  const candidates = [path.join('..', 'shared'), path.join('..', '..', 'shared')].map((dir) =>
    path.join(packageRoot(), dir, 'reference', 'postgres_exporter-0.20.1-families.txt'),
  );
  const file = candidates.find((f) => existsSync(f)) ?? (candidates[0] as string);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [spec, condition] = line.split(/\s+when:\s+/);
      const [name, type, labels] = (spec as string).trim().split(/\s+/);
      return {
        name: name as string,
        type: type as string,
        labels: labels === '-' ? [] : (labels as string).split(','),
        condition,
      };
    });
}
