// Reads the failure report of `promtool test rules` (and of `pgwarden rules test`, which prints the same) for
// promql_expr_test items: per expression and time, either the error or the samples got.

export interface ExprOutcome {
  error?: string;
  /** Label set as printed (`{a="1"}`) → value. */
  got: Map<string, number>;
}

function parseGoFloat(text: string): number {
  if (text === 'NaN') return NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** `    expr: "…", time: 2m,` blocks → outcomes keyed by `<quoted expr> @ <time>`. */
export function parseExprReport(report: string): Map<string, ExprOutcome> {
  const out = new Map<string, ExprOutcome>();
  const blocks = report.split(/^ {4}expr: /m).slice(1);
  for (const block of blocks) {
    const head = /^("(?:[^"\\]|\\.)*"), time: (\S+?),(?: err: ([\s\S]*))?$/m.exec(block);
    if (!head) continue;
    const key = `${head[1]} @ ${head[2]}`;
    if (head[3] !== undefined) {
      out.set(key, { error: head[3].trim(), got: new Map() });
      continue;
    }
    const gotLine = /^\s+got: (.*)$/m.exec(block)?.[1] ?? '';
    const got = new Map<string, number>();
    for (const m of gotLine.matchAll(/(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\}) (\S+?)(?:, |$)/g)) {
      got.set(m[1] as string, parseGoFloat(m[2] as string));
    }
    out.set(key, { got });
  }
  return out;
}
