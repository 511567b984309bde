// Parses PromQL with the official lezer grammar, then converts the concrete tree into our AST, rejecting every
// construct outside the supported subset and applying Prometheus's parse-time type checks (checkAST).
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { AggregateOp, AtModifier, BinaryOp, Expr, FunctionName, VectorMatching } from './ast.js';
import { FUNCTION_NAMES } from './ast.js';
import { errorAt } from './errors.js';
import { documentedType, typeOf } from './types.js';
import { checkAggregate, checkBinary, checkCall, checkUnary } from './parse-checks.js';
import { childrenOf, SourceText } from './parse-source.js';
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

function syntaxError(text: string, node: SyntaxNode) {
  // The grammar knows only Prometheus's function names: `foo(x)` reads as selector `foo` followed by garbage.
  const callee = node.prevSibling;
  if (text[node.from] === '(' && callee?.name === 'Identifier') {
    const name = text.slice(callee.from, callee.to);
    return errorAt(
      text,
      callee.from,
      `unsupported PromQL construct: function ${JSON.stringify(name)}`,
      `function ${JSON.stringify(name)}`,
    );
  }
  const near = text.slice(node.from, Math.max(node.to, node.from + 1)).trim();
  if (node.from >= text.trimEnd().length || near === '') {
    return errorAt(text, Math.min(node.from, text.length), 'syntax error: unexpected end of input');
  }
  return errorAt(text, node.from, `syntax error: unexpected ${JSON.stringify(near.slice(0, 30))}`);
}

class Converter extends SourceText {
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

  /**
   * The lezer grammar is lenient for editors: it attaches `offset` and `[range]` to a whole binary or unary
   * expression on their left (`a + b offset 5m`). In Prometheus these postfixes bind tightest, so push them down to
   * the rightmost operand: a + (b offset 5m).
   */
  private postfix(inner: SyntaxNode, build: (operand: SyntaxNode) => Expr): Expr {
    if (inner.name === 'BinaryExpr') return this.binary(inner, childrenOf(inner), (rhs) => this.postfix(rhs, build));
    if (inner.name === 'UnaryExpr')
      return this.unary(inner, childrenOf(inner), (operand) => this.postfix(operand, build));
    return build(inner);
  }

  private matrixSelector(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const [innerNode, range] = kids;
    if (!innerNode || !range) return this.fail(node, 'bad range selector');
    return this.postfix(innerNode, (inner) => {
      if (inner.name === 'OffsetExpr') this.fail(inner, 'no offset modifiers allowed before range');
      if (inner.name !== 'VectorSelector') this.fail(inner, 'ranges only allowed for vector selectors');
      const rangeMs = this.duration(range, 'range');
      if (rangeMs <= 0) this.fail(range, 'range must be greater than 0');
      return { kind: 'matrixSelector', selector: this.vectorSelector(inner, childrenOf(inner)), rangeMs };
    });
  }

  private offsetExpr(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const innerNode = kids[0];
    const durationNode = kids.find((k) => k.name === 'OffsetDurationExpr');
    if (!innerNode || !durationNode) return this.fail(node, 'bad offset');
    return this.postfix(innerNode, (inner) => {
      const target = this.expr(inner);
      const selector =
        target.kind === 'matrixSelector'
          ? target.selector
          : target.kind === 'vectorSelector' || target.kind === 'subquery'
            ? target
            : null;
      if (!selector) {
        return this.fail(
          inner,
          'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
        );
      }
      if (selector.offsetMs !== 0) this.fail(durationNode, 'offset may not be set multiple times');
      selector.offsetMs = this.duration(durationNode, 'offset');
      return target;
    });
  }

  /** `expr @ <time>` / `@ start()` / `@ end()` on a selector or subquery. */
  private atExpr(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const innerNode = kids[0];
    const value = kids[kids.length - 1];
    if (!innerNode || !value || kids.length !== 3) return this.fail(node, 'bad @ modifier');
    let at: AtModifier;
    if (value.name === 'AtModifierPreprocessors') at = childrenOf(value)[0]?.name === 'AtStart' ? 'start' : 'end';
    else {
      const seconds = this.number(value);
      if (!Number.isFinite(seconds) || Math.abs(seconds) >= 2 ** 63) {
        this.fail(value, `timestamp out of bounds for @ modifier: ${seconds}`);
      }
      at = { ms: Math.round(seconds * 1000) };
    }
    return this.postfix(innerNode, (inner) => {
      const target = this.expr(inner);
      const selector =
        target.kind === 'matrixSelector'
          ? target.selector
          : target.kind === 'vectorSelector' || target.kind === 'subquery'
            ? target
            : null;
      if (!selector) {
        return this.fail(
          inner,
          '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
        );
      }
      if (selector.at !== null) this.fail(node, '@ <timestamp> may not be set multiple times');
      selector.at = at;
      return target;
    });
  }

  private subquery(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const [innerNode, rangeNode, stepNode] = kids;
    if (!innerNode || !rangeNode) return this.fail(node, 'bad subquery');
    return this.postfix(innerNode, (inner) => {
      const expr = this.expr(inner);
      const t = typeOf(expr);
      if (t !== 'vector') this.fail(inner, `subquery is only allowed on instant vector, got ${documentedType(t)}`);
      const rangeMs = this.duration(rangeNode, 'range');
      if (rangeMs <= 0) this.fail(rangeNode, 'range must be greater than 0');
      const stepMs = stepNode ? this.duration(stepNode, 'step') : 0;
      if (stepNode && stepMs <= 0) this.fail(stepNode, 'step must be greater than 0');
      return { kind: 'subquery', expr, rangeMs, stepMs, offsetMs: 0, at: null };
    });
  }

  private unary(node: SyntaxNode, kids: SyntaxNode[], convertOperand = (n: SyntaxNode) => this.expr(n)): Expr {
    const [opNode, operand] = kids;
    if (!opNode || !operand) return this.fail(node, 'bad unary expression');
    const op = this.src(opNode) === '-' ? '-' : '+';
    const expr = convertOperand(operand);
    checkUnary(this.text, node, expr);
    if (expr.kind === 'number') return { kind: 'number', value: op === '-' ? -expr.value : expr.value };
    return { kind: 'unary', op, expr };
  }

  private binary(node: SyntaxNode, kids: SyntaxNode[], convertRhs = (n: SyntaxNode) => this.expr(n)): Expr {
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
