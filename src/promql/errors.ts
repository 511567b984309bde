// Errors carry a 1-based line/column inside the expression text so that rule loaders can turn them into file:line.

export class PromqlError extends Error {
  readonly line: number;
  readonly col: number;
  readonly construct?: string;

  constructor(message: string, line: number, col: number, construct?: string) {
    super(message);
    this.name = 'PromqlError';
    this.line = line;
    this.col = col;
    if (construct !== undefined) this.construct = construct;
  }
}

/** Converts a character offset in `text` into a 1-based line and column. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: end - lineStart + 1 };
}

/** A parse-time error at `offset` of `text`. */
export function errorAt(text: string, offset: number, message: string, construct?: string): PromqlError {
  const { line, col } = positionOf(text, offset);
  return new PromqlError(`${message} (line ${line}, col ${col})`, line, col, construct);
}

/** A runtime error: it has no position of its own, so it points at the start of the expression. */
export function evalError(message: string): PromqlError {
  return new PromqlError(message, 1, 1);
}
