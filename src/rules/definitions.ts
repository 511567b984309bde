// What a rule file defines, after validation: the input of groups and the manager.
import type { Expr } from '../promql/index.js';

export interface RuleDefinition {
  readonly kind: 'alert' | 'record';
  /** The alert name or the recorded metric name. */
  readonly name: string;
  readonly exprText: string;
  readonly expr: Expr;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Where the rule starts, for messages. */
  readonly file: string;
  readonly line: number;
}

export interface RuleGroupDefinition {
  readonly name: string;
  readonly file: string;
  /** Absent: the global evaluation interval applies. */
  readonly intervalMs?: number;
  /** Evaluate at `now - queryOffset` (Prometheus's query_offset). */
  readonly queryOffsetMs: number;
  /** At most this many series per rule (0: no limit), as Prometheus's group limit. */
  readonly limit: number;
  /** Group labels (Prometheus 3): added to every rule's labels, rule labels win. */
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly RuleDefinition[];
}

/** One problem in a rule file, at a 1-based position (0 when it concerns the whole file). */
export interface RuleProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export function formatProblem(p: RuleProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}:${p.col}: ${p.message}` : `${p.file}: ${p.message}`;
}
