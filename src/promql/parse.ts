// Parses PromQL with the official lezer grammar, then converts the concrete tree into our AST, rejecting every
// construct outside the supported subset and applying Prometheus's parse-time type checks (checkAST).
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { AggregateOp, BinaryOp, Expr, FunctionName, VectorMatching } from './ast.js';
import { FUNCTION_NAMES } from './ast.js';
import { errorAt } from './errors.js';
import { checkAggregate, checkBinary, checkCall, checkUnary } from './parse-checks.js';
import { childrenOf } from './parse-source.js';
import { ModifierConverter } from './parse-modifiers.js';
import { syntaxError } from './parse-syntax-error.js';
import { normalizeSource } from './normalize-source.js';

const BINARY_OPS: Record<string, BinaryOp> = {
  Pow: '^',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Add: '+',
  Sub: '-',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
  Atan2: 'atan2',
};
const AGGREGATE_OPS = new Set<string>([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'topk',
  'bottomk',
  'group',
  'stddev',
  'stdvar',
  'count_values',
  'quantile',
]);
const SUPPORTED_FUNCTIONS = new Set<string>(FUNCTION_NAMES);
// Prometheus 3 additions the grammar package knows but 2.x does not have.
const UNSUPPORTED_NODES: Record<string, string> = {
  AnchoredExpr: 'anchored modifier',
  SmoothedExpr: 'smoothed modifier',
  FillModifier: 'fill modifier',
};

/** Parses a PromQL expression into our AST; throws PromqlError (with line/col) for syntax errors and unsupported constructs. */
export function parsePromql(original: string): Expr {
  if (original.replace(/#[^\n]*/g, '').trim() === '') throw errorAt(original, 0, 'empty expression');
  const { text, renamed } = normalizeSource(original);
  const tree = parser.parse(text);
  let firstError: SyntaxNode | null = null;
  tree.iterate({
    enter: (n) => {
      if (firstError) return false;
      if (n.type.isError) {
        firstError = n.node;
        return false;
      }
      return undefined;
    },
  });
  if (firstError) throw syntaxError(text, firstError);
  const top = childrenOf(tree.topNode);
  if (top.length === 0) throw errorAt(text, 0, 'empty expression');
  return new Converter(text, renamed).expr(top[0] as SyntaxNode);
}

class Converter extends ModifierConverter {
  expr(node: SyntaxNode): Expr {
    const kids = childrenOf(node);
    const unsupported = UNSUPPORTED_NODES[node.name];
    if (unsupported !== undefined) this.unsupported(node, unsupported);
    switch (node.name) {
      case 'StepInvariantExpr':
        return this.atExpr(node, kids);
      case 'SubqueryExpr':
        return this.subquery(node, kids);
      case 'NumberDurationLiteral':
        return { kind: 'number', value: this.number(node) };
      case 'StringLiteral':
        return { kind: 'string', value: this.string(node) };
      case 'VectorSelector':
        return this.vectorSelector(node, kids);
      case 'MatrixSelector':
        return this.matrixSelector(node, kids);
      case 'OffsetExpr':
        return this.offsetExpr(node, kids);
      case 'ParenExpr':
        return { kind: 'paren', expr: this.expr(kids[0] as SyntaxNode) };
      case 'UnaryExpr':
        return this.unary(node, kids);
      case 'BinaryExpr':
        return this.binary(node, kids);
      case 'AggregateExpr':
        return this.aggregate(node, kids);
      case 'FunctionCall':
        return this.call(node, kids);
      default:
        return this.unsupported(node, node.name);
    }
  }

  protected unary(node: SyntaxNode, kids: SyntaxNode[], convertOperand = (n: SyntaxNode) => this.expr(n)): Expr {
    const [opNode, operand] = kids;
    if (!opNode || !operand) return this.fail(node, 'bad unary expression');
    const op = this.src(opNode) === '-' ? '-' : '+';
    const expr = convertOperand(operand);
    checkUnary(this.text, node, expr);
    if (expr.kind === 'number') return { kind: 'number', value: op === '-' ? -expr.value : expr.value };
    return { kind: 'unary', op, expr };
  }

  protected binary(node: SyntaxNode, kids: SyntaxNode[], convertRhs = (n: SyntaxNode) => this.expr(n)): Expr {
    const [lhsNode, opNode] = kids;
    const rhsNode = kids[kids.length - 1];
    if (!lhsNode || !opNode || !rhsNode) return this.fail(node, 'bad binary expression');
    const op = BINARY_OPS[opNode.name];
    if (!op) return this.unsupported(opNode, `operator ${JSON.stringify(this.src(opNode))}`);
    const returnBool = kids.some((k) => k.name === 'BoolModifier');
    const modifier = kids.find((k) => k.name === 'MatchingModifierClause');
    let lhs = this.expr(lhsNode);
    const rhs = convertRhs(rhsNode);
    // The grammar lexes `-2 ^ 2` as the literal -2, but in Prometheus unary minus binds looser than `^`: -(2^2).
    const signedLiteral = op === '^' && lhsNode.name === 'NumberDurationLiteral' && /^\s*-/.test(this.src(lhsNode));
    if (signedLiteral && lhs.kind === 'number') lhs = { kind: 'number', value: -lhs.value };
    const matching = modifier ? this.matching(modifier) : null;
    const expr = checkBinary(this.text, node, opNode, { kind: 'binary', op, lhs, rhs, returnBool, matching });
    return signedLiteral ? { kind: 'unary', op: '-', expr } : expr;
  }

  private matching(node: SyntaxNode): VectorMatching {
    const result: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };
    let target: 'labels' | 'include' = 'labels';
    for (const kid of childrenOf(node)) {
      if (kid.name === 'On') result.on = true;
      else if (kid.name === 'GroupLeft' || kid.name === 'GroupRight') {
        result.card = kid.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
        target = 'include';
      } else if (kid.name === 'GroupingLabels') result[target] = this.groupingLabels(kid);
      else if (kid.name !== 'Ignoring') this.unsupported(kid, kid.name === 'FillModifier' ? 'fill modifier' : kid.name);
    }
    return result;
  }

  private aggregate(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const opNode = kids.find((k) => k.name === 'AggregateOp');
    const body = kids.find((k) => k.name === 'FunctionCallBody');
    const modifier = kids.find((k) => k.name === 'AggregateModifier');
    if (!opNode || !body) return this.fail(node, 'bad aggregation');
    const opName = this.src(opNode).toLowerCase(); // keywords are case-insensitive in PromQL
    if (!AGGREGATE_OPS.has(opName)) return this.unsupported(opNode, `aggregation ${JSON.stringify(opName)}`);
    const op = opName as AggregateOp;
    let grouping: string[] = [];
    let without = false;
    if (modifier) {
      const mk = childrenOf(modifier);
      without = mk[0]?.name === 'Without';
      const labels = mk.find((k) => k.name === 'GroupingLabels');
      grouping = labels ? this.groupingLabels(labels) : [];
    }
    const args = childrenOf(body).map((a) => this.expr(a));
    return checkAggregate(this.text, node, op, args, grouping, without);
  }

  private call(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const ident = kids.find((k) => k.name === 'FunctionIdentifier');
    const body = kids.find((k) => k.name === 'FunctionCallBody');
    if (!ident || !body) return this.fail(node, 'bad function call');
    const name = this.realName(ident);
    if (!SUPPORTED_FUNCTIONS.has(name)) return this.unsupported(ident, `function ${JSON.stringify(name)}`);
    const args = childrenOf(body).map((a) => this.expr(a));
    return checkCall(this.text, node, name as FunctionName, args);
  }
}
