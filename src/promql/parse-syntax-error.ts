// A lezer error node as a PromqlError in Prometheus's words, located at the offending text.
import type { SyntaxNode } from '@lezer/common';
import { errorAt } from './errors.js';

export function syntaxError(text: string, node: SyntaxNode) {
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
