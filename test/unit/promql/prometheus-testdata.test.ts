import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScript, runCase } from '../../support/promql-script.js';

// Prometheus v2.42's own PromQL tests (promql/testdata/*.test, committed as data in test/fixtures) against our
// engine: every instant evaluation must give Prometheus's answer.
const DIR = path.resolve(import.meta.dirname, '../../fixtures/promql-testdata');

describe.each(readdirSync(DIR).filter((f) => f.endsWith('.test')))('Prometheus testdata %s', (file) => {
  it('every evaluation agrees', () => {
    const failures: string[] = [];
    let count = 0;
    readScript(file, readFileSync(path.join(DIR, file), 'utf8'), (c) => {
      count++;
      const problem = runCase(c);
      if (problem !== null) failures.push(`${c.file}:${c.line} ${c.expr}: ${problem}`);
    });
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });
});
