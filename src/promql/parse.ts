// Parses PromQL with the official lezer grammar, then converts the concrete tree into our AST, rejecting every
// construct outside the supported subset and applying Prometheus's parse-time type checks (checkAST).
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { AggregateOp, BinaryOp, Expr, FunctionName, Matcher, VectorMatching, VectorSelector } from './ast.js';
import { FUNCTION_NAMES } from './ast.js';
import { errorAt } from './errors.js';
import { parseDurationMs, parseNumberLiteral, unquoteString } from './lexical.js';
import { checkAggregate, checkBinary, checkCall, checkUnary } from './parse-checks.js';
import { matcherMatches } from './matchers.js';

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
};
const AGGREGATE_OPS = new Set<string>(['sum', 'min', 'max', 'avg', 'count', 'topk', 'bottomk']);
const SUPPORTED_FUNCTIONS = new Set<string>(FUNCTION_NAMES);
const MATCH_OPS: Record<string, Matcher['type']> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };
const UNSUPPORTED_NODES: Record<string, string> = {
  StepInvariantExpr: '@ modifier',
  SubqueryExpr: 'subquery',
  AnchoredExpr: 'anchored modifier',
  SmoothedExpr: 'smoothed modifier',
  FillModifier: 'fill modifier',
};

/** Parses a PromQL expression into our AST; throws PromqlError (with line/col) for syntax errors and unsupported constructs. */
export function parsePromql(text: string): Expr {
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
  return new Converter(text).expr(top[0] as SyntaxNode);
}

function syntaxError(text: string, node: SyntaxNode) {
  const near = text.slice(node.from, Math.max(node.to, node.from + 1)).trim();
  if (node.from >= text.trimEnd().length || near === '') {
    return errorAt(text, Math.min(node.from, text.length), 'syntax error: unexpected end of input');
  }
  return errorAt(text, node.from, `syntax error: unexpected ${JSON.stringify(near.slice(0, 30))}`);
}

/** The meaningful children of a node (comments are skipped). */
function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
}

class Converter {
  constructor(private readonly text: string) {}

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private fail(node: SyntaxNode | number, message: string, construct?: string): never {
    throw errorAt(this.text, typeof node === 'number' ? node : node.from, message, construct);
  }

  private unsupported(node: SyntaxNode | number, construct: string): never {
    this.fail(node, `unsupported PromQL construct: ${construct}`, construct);
  }

  expr(node: SyntaxNode): Expr {
    const kids = childrenOf(node);
    const unsupported = UNSUPPORTED_NODES[node.name];
    if (unsupported !== undefined) {
      const at = node.name === 'StepInvariantExpr' ? kids.find((k) => k.name === 'At') : undefined;
      const bracket = node.name === 'SubqueryExpr' ? this.text.indexOf('[', (kids[0] as SyntaxNode).to) : -1;
      this.unsupported(at ?? (bracket >= 0 ? bracket : node), unsupported);
    }
    switch (node.name) {
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

  private number(node: SyntaxNode): number {
    const raw = this.src(node);
    const value = parseNumberLiteral(raw);
    if (value !== null) return value;
    if (parseDurationMs(raw.replace(/^[-+\s]+/, '')) !== null) this.unsupported(node, 'duration used as a number');
    return this.fail(node, `bad number literal ${JSON.stringify(raw)}`);
  }

  private string(node: SyntaxNode): string {
    try {
      return unquoteString(this.src(node));
    } catch (e) {
      return this.fail(node, `error unquoting string ${this.src(node)}: ${(e as Error).message}`);
    }
  }

  private labelName(node: SyntaxNode): string {
    if (node.name === 'QuotedLabelName') return this.string(childrenOf(node)[0] as SyntaxNode);
    return this.src(node);
  }

  private duration(node: SyntaxNode, what: string): number {
    const kids = childrenOf(node);
    if (node.name === 'OffsetDurationExpr' && kids[0]?.name === 'UnaryOp' && kids[1]) {
      const inner = this.duration(kids[1], what);
      return this.src(kids[0]) === '-' ? -inner : inner;
    }
    const literal = kids[0];
    if (kids.length !== 1 || literal?.name !== 'NumberDurationLiteralInDurationContext') {
      this.unsupported(node, 'duration expression');
    }
    const ms = parseDurationMs(this.src(literal));
    if (ms === null) this.fail(literal, `bad ${what} duration ${JSON.stringify(this.src(literal))}`);
    return ms;
  }

  private vectorSelector(node: SyntaxNode, kids: SyntaxNode[]): VectorSelector {
    const matchers: Matcher[] = [];
    let name: string | undefined;
    for (const kid of kids) {
      if (kid.name === 'Identifier' || kid.name === 'MetricName') name = this.src(kid);
      else if (kid.name === 'LabelMatchers') {
        for (const m of childrenOf(kid)) {
          if (m.name === 'QuotedLabelName') {
            name = this.labelName(m);
            continue;
          }
          const [labelNode, opNode, valueNode] = childrenOf(m);
          const op = MATCH_OPS[childrenOf(opNode as SyntaxNode)[0]?.name ?? ''];
          if (!labelNode || !op || !valueNode) return this.fail(m, 'bad label matcher');
          const matcher: Matcher = { name: this.labelName(labelNode), type: op, value: this.string(valueNode) };
          if (op === '=~' || op === '!~') this.checkRegex(valueNode, matcher.value);
          matchers.push(matcher);
        }
      } else this.unsupported(kid, kid.name);
    }
    if (name !== undefined) {
      if (matchers.some((m) => m.name === '__name__')) {
        this.fail(node, `metric name must not be set twice: ${JSON.stringify(name)}`);
      }
      matchers.push({ name: '__name__', type: '=', value: name });
    } else if (matchers.every((m) => matcherMatches(m, ''))) {
      this.fail(node, 'vector selector must contain at least one non-empty matcher');
    }
    return { kind: 'vectorSelector', matchers, offsetMs: 0 };
  }

  private checkRegex(node: SyntaxNode, source: string): void {
    try {
      new RegExp(`^(?:${source})$`, 'su');
    } catch (e) {
      this.fail(node, `invalid regular expression ${JSON.stringify(source)}: ${(e as Error).message}`);
    }
  }

  private matrixSelector(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const [inner, range] = kids;
    if (!inner || !range) return this.fail(node, 'bad range selector');
    if (inner.name === 'OffsetExpr') this.fail(inner, 'no offset modifiers allowed before range');
    if (inner.name !== 'VectorSelector') this.fail(inner, 'ranges only allowed for vector selectors');
    const rangeMs = this.duration(range, 'range');
    if (rangeMs <= 0) this.fail(range, 'range must be greater than 0');
    return { kind: 'matrixSelector', selector: this.vectorSelector(inner, childrenOf(inner)), rangeMs };
  }

  private offsetExpr(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const inner = kids[0];
    const durationNode = kids.find((k) => k.name === 'OffsetDurationExpr');
    if (!inner || !durationNode) return this.fail(node, 'bad offset');
    const target = this.expr(inner);
    const selector = target.kind === 'matrixSelector' ? target.selector : target.kind === 'vectorSelector' ? target : null;
    if (!selector) {
      return this.fail(node, 'offset modifier must be preceded by an instant vector selector or range vector selector');
    }
    if (selector.offsetMs !== 0) this.fail(node, 'offset may not be set multiple times');
    selector.offsetMs = this.duration(durationNode, 'offset');
    return target;
  }

  private unary(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const [opNode, operand] = kids;
    if (!opNode || !operand) return this.fail(node, 'bad unary expression');
    const op = this.src(opNode) === '-' ? '-' : '+';
    const expr = this.expr(operand);
    checkUnary(this.text, node, expr);
    if (expr.kind === 'number') return { kind: 'number', value: op === '-' ? -expr.value : expr.value };
    return { kind: 'unary', op, expr };
  }

  private binary(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const [lhsNode, opNode] = kids;
    const rhsNode = kids[kids.length - 1];
    if (!lhsNode || !opNode || !rhsNode) return this.fail(node, 'bad binary expression');
    const op = BINARY_OPS[opNode.name];
    if (!op) return this.unsupported(opNode, `operator ${JSON.stringify(this.src(opNode))}`);
    const returnBool = kids.some((k) => k.name === 'BoolModifier');
    const modifier = kids.find((k) => k.name === 'MatchingModifierClause');
    let lhs = this.expr(lhsNode);
    const rhs = this.expr(rhsNode);
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

  private groupingLabels(node: SyntaxNode): string[] {
    return childrenOf(node).map((k) => this.labelName(k));
  }

  private aggregate(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const opNode = kids.find((k) => k.name === 'AggregateOp');
    const body = kids.find((k) => k.name === 'FunctionCallBody');
    const modifier = kids.find((k) => k.name === 'AggregateModifier');
    if (!opNode || !body) return this.fail(node, 'bad aggregation');
    const opName = this.src(opNode);
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
    const name = this.src(ident);
    if (!SUPPORTED_FUNCTIONS.has(name)) return this.unsupported(ident, `function ${JSON.stringify(name)}`);
    const args = childrenOf(body).map((a) => this.expr(a));
    return checkCall(this.text, node, name as FunctionName, args);
  }
}

