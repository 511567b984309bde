// The postfix modifiers of PromQL: range selectors `[5m]`, `offset`, `@` and subqueries `[1h:5m]`, with Prometheus's
// parse-time rules for them. The Converter in parse.ts extends this with operators, aggregations and calls.
import type { SyntaxNode } from '@lezer/common';
import type { AtModifier, Expr, SubqueryExpr, VectorSelector } from './ast.js';
import { childrenOf, SourceText } from './parse-source.js';
import { documentedType, typeOf } from './types.js';

/** The selector or subquery an `offset` or `@` modifier applies to, or null when the expression takes none. */
function modifiable(target: Expr): VectorSelector | SubqueryExpr | null {
  if (target.kind === 'matrixSelector') return target.selector;
  return target.kind === 'vectorSelector' || target.kind === 'subquery' ? target : null;
}

export abstract class ModifierConverter extends SourceText {
  abstract expr(node: SyntaxNode): Expr;
  protected abstract unary(node: SyntaxNode, kids: SyntaxNode[], convertOperand?: (n: SyntaxNode) => Expr): Expr;
  protected abstract binary(node: SyntaxNode, kids: SyntaxNode[], convertRhs?: (n: SyntaxNode) => Expr): Expr;

  /**
   * The lezer grammar is lenient for editors: it attaches `offset` and `[range]` to a whole binary or unary
   * expression on their left (`a + b offset 5m`). In Prometheus these postfixes bind tightest, so push them down to
   * the rightmost operand: a + (b offset 5m).
   */
  protected postfix(inner: SyntaxNode, build: (operand: SyntaxNode) => Expr): Expr {
    if (inner.name === 'BinaryExpr') return this.binary(inner, childrenOf(inner), (rhs) => this.postfix(rhs, build));
    if (inner.name === 'UnaryExpr')
      return this.unary(inner, childrenOf(inner), (operand) => this.postfix(operand, build));
    return build(inner);
  }

  protected matrixSelector(node: SyntaxNode, kids: SyntaxNode[]): Expr {
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

  protected offsetExpr(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const innerNode = kids[0];
    const durationNode = kids.find((k) => k.name === 'OffsetDurationExpr');
    if (!innerNode || !durationNode) return this.fail(node, 'bad offset');
    return this.modify(innerNode, 'offset', (selector) => {
      if (selector.offsetMs !== 0) this.fail(durationNode, 'offset may not be set multiple times');
      selector.offsetMs = this.duration(durationNode, 'offset');
    });
  }

  /** `expr @ <time>` / `@ start()` / `@ end()` on a selector or subquery. */
  protected atExpr(node: SyntaxNode, kids: SyntaxNode[]): Expr {
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
    return this.modify(innerNode, '@', (selector) => {
      if (selector.at !== null) this.fail(node, '@ <timestamp> may not be set multiple times');
      selector.at = at;
    });
  }

  /** Applies an `offset` or `@` modifier to the selector or subquery on its left (Prometheus's error otherwise). */
  private modify(
    innerNode: SyntaxNode,
    modifier: 'offset' | '@',
    apply: (selector: VectorSelector | SubqueryExpr) => void,
  ): Expr {
    return this.postfix(innerNode, (inner) => {
      const target = this.expr(inner);
      const selector = modifiable(target);
      if (!selector) {
        return this.fail(
          inner,
          `${modifier} modifier must be preceded by an instant vector selector or range vector selector or a subquery`,
        );
      }
      apply(selector);
      return target;
    });
  }

  protected subquery(node: SyntaxNode, kids: SyntaxNode[]): Expr {
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
}
