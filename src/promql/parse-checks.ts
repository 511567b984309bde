// Prometheus's parse-time type checks (checkAST), applied while converting the lezer tree into our AST.
import type { SyntaxNode } from '@lezer/common';
import type { AggregateExpr, AggregateOp, BinaryExpr, CallExpr, Expr, FunctionName, ValueType } from './ast.js';
import { errorAt, type PromqlError } from './errors.js';
import { documentedType, FUNCTIONS, typeOf } from './types.js';

const COMPARISON = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

export function typeError(text: string, node: SyntaxNode, message: string): PromqlError {
  return errorAt(text, node.from, message);
}

function expectType(text: string, node: SyntaxNode, expr: Expr, want: ValueType, context: string): void {
  const got = typeOf(expr);
  if (got !== want) {
    throw typeError(text, node, `expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`);
  }
}

export function checkUnary(text: string, node: SyntaxNode, operand: Expr): void {
  const t = typeOf(operand);
  if (t !== 'scalar' && t !== 'vector') {
    throw typeError(
      text,
      node,
      `unary expression only allowed on expressions of type scalar or instant vector, got ${documentedType(t)}`,
    );
  }
}

export function checkBinary(text: string, node: SyntaxNode, opNode: SyntaxNode, expr: BinaryExpr): BinaryExpr {
  const lt = typeOf(expr.lhs);
  const rt = typeOf(expr.rhs);
  const fail = (message: string, at: SyntaxNode = opNode) => {
    throw typeError(text, at, message);
  };
  if (expr.returnBool && !COMPARISON.has(expr.op)) fail('bool modifier can only be used on comparison operators');
  if (COMPARISON.has(expr.op) && !expr.returnBool && lt === 'scalar' && rt === 'scalar') {
    fail('comparisons between scalars must use BOOL modifier');
  }
  if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) {
    fail('binary expression must contain only scalar and instant vector types', node);
  }
  const isSet = SET_OPS.has(expr.op);
  if (isSet && (lt === 'scalar' || rt === 'scalar'))
    fail(`set operator "${expr.op}" not allowed in binary scalar expression`, node);
  const m = expr.matching;
  if (lt !== 'vector' || rt !== 'vector') {
    if (m && m.labels.length > 0) fail('vector matching only allowed between instant vectors', node);
    return { ...expr, matching: null };
  }
  const matching = m ?? { card: 'one-to-one' as const, on: false, labels: [], include: [] };
  if (matching.on) {
    const clash = matching.include.find((l) => matching.labels.includes(l));
    if (clash !== undefined) fail(`label "${clash}" must not occur in ON and GROUP clause at once`);
  }
  if (isSet) {
    if (matching.card !== 'one-to-one') fail(`no grouping allowed for "${expr.op}" operation`, node);
    return { ...expr, matching: { ...matching, card: 'many-to-many' } };
  }
  return { ...expr, matching };
}

export function checkAggregate(
  text: string,
  node: SyntaxNode,
  op: AggregateOp,
  args: Expr[],
  grouping: string[],
  without: boolean,
): AggregateExpr {
  const wantsParam = op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values';
  const want = wantsParam ? 2 : 1;
  if (args.length !== want) {
    throw typeError(
      text,
      node,
      `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`,
    );
  }
  const expr = args[want - 1] as Expr;
  expectType(text, node, expr, 'vector', 'aggregation expression');
  const param = wantsParam ? (args[0] as Expr) : null;
  if (param) expectType(text, node, param, op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter');
  return { kind: 'aggregate', op, expr, param, grouping, without };
}

export function checkCall(text: string, node: SyntaxNode, func: FunctionName, args: Expr[]): CallExpr {
  const sig = FUNCTIONS[func];
  const min = sig.optional === -1 ? sig.args.length - 1 : sig.args.length - sig.optional;
  const max = sig.optional === -1 ? Infinity : sig.args.length;
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : args.length < min ? `at least ${min}` : `at most ${max}`;
    throw typeError(text, node, `expected ${expected} argument(s) in call to "${func}", got ${args.length}`);
  }
  args.forEach((arg, i) => {
    const want = sig.args[Math.min(i, sig.args.length - 1)] as ValueType;
    expectType(text, node, arg, want, `call to function "${func}"`);
  });
  return { kind: 'call', func, args };
}
