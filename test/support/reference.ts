import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/paths.js';

export interface ReferenceFamily {
  name: string;
  type: string;
  labels: string[];
  condition: string | undefined;
}

/** postgres_exporter v0.20.1's metric families, as facts read from its source (test/fixtures/reference). */
export function referenceFamilies(): ReferenceFamily[] {
  const file = path.join(packageRoot(), 'test', 'fixtures', 'reference', 'postgres_exporter-0.20.1-families.txt');
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
