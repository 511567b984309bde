// Conversion of the leaves of the lezer tree (literals, durations, label names, selectors), with positions kept for
// error messages. The Converter in parse.ts builds on this.
import type { SyntaxNode } from '@lezer/common';
import type { Matcher, VectorSelector } from './ast.js';
import { errorAt } from './errors.js';
import { parseDuration } from '../config/duration.js';
import { parseNumberLiteral, unquoteString } from './lexical.js';
import { anchoredRegex, matcherMatches } from './matchers.js';

const MATCH_OPS: Record<string, Matcher['type']> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** The meaningful children of a node (comments are skipped). */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
}

export class SourceText {
  constructor(
    protected readonly text: string,
    /** Metric names that normalizeSource replaced by a placeholder (keyed by position), e.g. `offset`. */
    private readonly renamed: ReadonlyMap<number, string> = new Map(),
  ) {}

  protected src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  /** A metric or function name as the user wrote it (see normalizeSource). */
  protected realName(node: SyntaxNode): string {
    return this.renamed.get(node.from) ?? this.src(node);
  }

  protected fail(node: SyntaxNode | number, message: string, construct?: string): never {
    throw errorAt(this.text, typeof node === 'number' ? node : node.from, message, construct);
  }

  protected unsupported(node: SyntaxNode | number, construct: string): never {
    this.fail(node, `unsupported PromQL construct: ${construct}`, construct);
  }

  protected number(node: SyntaxNode): number {
    const raw = this.src(node);
    const value = parseNumberLiteral(raw);
    if (value !== null) return value;
    if (parseDuration(raw.replace(/^[-+\s]+/, '')) !== undefined) this.unsupported(node, 'duration used as a number');
    return this.fail(node, `bad number literal ${JSON.stringify(raw)}`);
  }

  protected string(node: SyntaxNode): string {
    try {
      return unquoteString(this.src(node));
    } catch (e) {
      return this.fail(node, `error unquoting string ${this.src(node)}: ${(e as Error).message}`);
    }
  }

  protected labelName(node: SyntaxNode): string {
    if (node.name === 'QuotedLabelName') return this.string(childrenOf(node)[0] as SyntaxNode);
    return this.src(node);
  }

  protected duration(node: SyntaxNode, what: string): number {
    const kids = childrenOf(node);
    if (node.name === 'OffsetDurationExpr' && kids[0]?.name === 'UnaryOp' && kids[1]) {
      const inner = this.duration(kids[1], what);
      return this.src(kids[0]) === '-' ? -inner : inner;
    }
    const literal = kids[0];
    if (kids.length !== 1 || literal?.name !== 'NumberDurationLiteralInDurationContext') {
      this.unsupported(node, 'duration expression');
    }
    const ms = parseDuration(this.src(literal));
    if (ms === undefined) this.fail(literal, `bad ${what} duration ${JSON.stringify(this.src(literal))}`);
    return ms;
  }

  protected vectorSelector(node: SyntaxNode, kids: SyntaxNode[]): VectorSelector {
    const matchers: Matcher[] = [];
    let name: string | undefined;
    for (const kid of kids) {
      if (kid.name === 'Identifier' || kid.name === 'MetricName') name = this.realName(kid);
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
    return { kind: 'vectorSelector', matchers, offsetMs: 0, at: null };
  }

  protected checkRegex(node: SyntaxNode, source: string): void {
    try {
      anchoredRegex(source);
    } catch (e) {
      this.fail(node, `invalid regular expression ${JSON.stringify(source)}: ${(e as Error).message}`);
    }
  }

  protected groupingLabels(node: SyntaxNode): string[] {
    return childrenOf(node).map((k) => this.labelName(k));
  }
}
