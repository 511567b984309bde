// Cost of one evaluation round of the shipped alert rules over a filled SampleStore, for `npm run bench`.
// Reports numbers only; nothing asserts a timing.
import { shippedRuleFiles } from '../src/agent/alert-engine.js';
import { silentLogger } from '../src/log.js';
import type { SampleStore } from '../src/promql/index.js';
import { RuleManager } from '../src/rules/index.js';
import { packageRoot } from '../src/paths.js';

export interface RulesBenchResult {
  readonly rules: number;
  readonly rounds: number;
  readonly msPerRound: number;
}

/** Evaluates every shipped rule `rounds` times at `atMs` (the time of the store's newest samples). */
export async function benchRules(store: SampleStore, atMs: number, rounds = 20): Promise<RulesBenchResult> {
  const manager = new RuleManager({
    store,
    logger: silentLogger(),
    evaluationIntervalMs: 15_000,
    baseDir: packageRoot(),
  });
  const loaded = await manager.reload(shippedRuleFiles());
  if (!loaded.ok) throw new Error(`shipped rules do not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  manager.evaluateAll(atMs); // warm-up: first round creates the alert series
  const started = performance.now();
  for (let i = 1; i <= rounds; i++) manager.evaluateAll(atMs + i);
  const rules = manager.groups.reduce((n, g) => n + g.rules.length, 0);
  return { rules, rounds, msPerRound: (performance.now() - started) / rounds };
}
