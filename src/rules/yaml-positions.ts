// Positions inside YAML scalars. An error in a PromQL expression or a template is found at an offset of the scalar's
// *value*; the user needs the file position. Block (`|`, `>`), quoted and multi-line plain scalars all change the
// text between file and value (indentation, quotes, folding, escapes), so the value is aligned to its source text.
import { isScalar, type LineCounter, type Node } from 'yaml';

export interface FilePosition {
  line: number;
  col: number;
}

export function positionAt(lineCounter: LineCounter, offset: number): FilePosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}

export function nodeStart(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

/**
 * The source offset of the value character at `valueOffset`: each non-blank value character is matched with the next
 * identical source character; blanks (folded line breaks, indentation) advance at most one source character.
 */
export function sourceOffsetOfValue(source: string, node: Node, value: string, valueOffset: number): number {
  const [start = 0, end = source.length] = node.range ?? [];
  let s = start;
  const style = isScalar(node) ? node.type : undefined;
  // Skip the block header (`|-`, `>2`) and the opening quote: their characters are not part of the value.
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') s = source.indexOf('\n', start) + 1 || end;
  else if (style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE') s = start + 1;
  const target = Math.min(Math.max(valueOffset, 0), value.length);
  for (let i = 0; i <= target && i < value.length; i++) {
    const ch = value[i] ?? '';
    if (/\s/.test(ch)) {
      if (i === target) return s;
      if (/\s/.test(source[s] ?? '')) s++;
      continue;
    }
    let found = s;
    while (found < end && source[found] !== ch) found++;
    if (found >= end) return s;
    if (i === target) return found;
    s = found + 1;
  }
  return s;
}

/** A 1-based line/col inside a value string, as PromqlError and template errors report them, to a value offset. */
export function valueOffsetOf(value: string, line: number, col: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const newline = value.indexOf('\n', offset);
    if (newline < 0) return value.length;
    offset = newline + 1;
  }
  return Math.min(offset + col - 1, value.length);
}
