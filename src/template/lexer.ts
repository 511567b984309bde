// Lexer for Go text/template: text outside `{{ }}`, tokens inside, trim markers `{{- ` / ` -}}`, comments.
// Every token keeps its offset so parse errors can point at line:col.

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'string'
  | 'number'
  | 'char'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'eof';

export interface Token {
  type: TokenType;
  /** Source text (for 'string': the decoded value; for 'text': after trimming). */
  value: string;
  offset: number;
}

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const TRIM_SPACE = /[ \t\r\n]/;
const RIGHT_TRIM = /^[ \t\r\n]-}}/;
const ALNUM = /[\p{L}\p{Nd}_]/u;
const NUMBER =
  /^[+-]?(0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*([pP][+-]?\d+)?|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?[\d_]*([eE][+-]?\d+)?)i?/;
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'",
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

function decodeQuoted(body: string, offset: number): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, esc: string) => {
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]{3}$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    const simple = ESCAPES[esc];
    if (simple === undefined) throw new TemplateSyntaxError(`unknown escape sequence: \\${esc}`, offset);
    return simple;
  });
}

export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNextText = false;
  while (pos < input.length) {
    let start = input.indexOf('{{', pos);
    if (start < 0) start = input.length;
    let text = input.slice(pos, start);
    const trimLeft = input.startsWith('{{-', start) && TRIM_SPACE.test(input[start + 3] ?? '');
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    if (text.length > 0) tokens.push({ type: 'text', value: text, offset: pos });
    if (start >= input.length) break;
    pos = lexAction(input, start, trimLeft, tokens);
    trimNextText = RIGHT_TRIM.test(input.slice(pos - 4, pos));
  }
  tokens.push({ type: 'eof', value: '', offset: input.length });
  return tokens;
}

/** Lexes one action starting at `{{`; returns the offset after its `}}`. */
function lexAction(input: string, start: number, trimLeft: boolean, tokens: Token[]): number {
  let pos = start + (trimLeft ? 4 : 2);
  const commentStart = input.slice(pos).match(/^\/\*/);
  if (commentStart) {
    const close = input.indexOf('*/', pos + 2);
    if (close < 0) throw new TemplateSyntaxError('unclosed comment', start);
    const after = input.slice(close + 2);
    const end = after.startsWith('}}') ? 2 : RIGHT_TRIM.test(after) ? 4 : -1;
    if (end < 0) throw new TemplateSyntaxError('comment ends before closing delimiter', close);
    return close + 2 + end;
  }
  tokens.push({ type: 'leftDelim', value: '{{', offset: start });
  for (;;) {
    if (pos >= input.length) throw new TemplateSyntaxError('unclosed action', start);
    const rest = input.slice(pos);
    if (rest.startsWith('}}') || RIGHT_TRIM.test(rest)) {
      const width = rest.startsWith('}}') ? 2 : 4;
      tokens.push({ type: 'rightDelim', value: '}}', offset: pos });
      return pos + width;
    }
    const ch = rest[0] ?? '';
    const push = (type: TokenType, length: number, value = rest.slice(0, length)): void => {
      tokens.push({ type, value, offset: pos });
      pos += length;
    };
    if (/[ \t\r\n]/.test(ch)) {
      const spaces = /^[ \t\r\n]+/.exec(rest)?.[0] ?? ' ';
      // A right trim marker owns the one space before its dash.
      push('space', RIGHT_TRIM.test(rest.slice(spaces.length - 1)) ? spaces.length - 1 : spaces.length);
    } else if (rest.startsWith(':=')) push('declare', 2);
    else if (ch === '=') push('assign', 1);
    else if (ch === '|') push('pipe', 1);
    else if (ch === '(') push('leftParen', 1);
    else if (ch === ')') push('rightParen', 1);
    else if (ch === ',') push('comma', 1);
    else if (ch === '"') {
      const m = /^"((?:[^"\\\n]|\\.)*)"/.exec(rest);
      if (!m) throw new TemplateSyntaxError('unterminated quoted string', pos);
      push('string', m[0].length, decodeQuoted(m[1] ?? '', pos));
    } else if (ch === '`') {
      const close = input.indexOf('`', pos + 1);
      if (close < 0) throw new TemplateSyntaxError('unterminated raw quoted string', pos);
      push('string', close + 1 - pos, input.slice(pos + 1, close));
    } else if (ch === "'") {
      const m = /^'((?:[^'\\\n]|\\.)+)'/.exec(rest);
      if (!m) throw new TemplateSyntaxError('unterminated character constant', pos);
      push('char', m[0].length, decodeQuoted(m[1] ?? '', pos));
    } else if (ch === '$') {
      const m = /^\$[\p{L}\p{Nd}_]*/u.exec(rest);
      push('variable', m?.[0].length ?? 1);
    } else if (ch === '.' && !/[0-9]/.test(rest[1] ?? '')) {
      const m = /^\.[\p{L}\p{Nd}_]+/u.exec(rest);
      if (m) push('field', m[0].length);
      else push('dot', 1);
    } else if (/[+\-.0-9]/.test(ch)) {
      const m = NUMBER.exec(rest)?.[0] ?? '';
      if (m === '' || m === '+' || m === '-' || ALNUM.test(rest[m.length] ?? ''))
        throw new TemplateSyntaxError(`bad number syntax: "${rest.slice(0, Math.max(m.length + 1, 1))}"`, pos);
      push('number', m.length);
    } else if (ALNUM.test(ch)) {
      const word = /^[\p{L}\p{Nd}_]+/u.exec(rest)?.[0] ?? ch;
      const type: TokenType =
        word === 'true' || word === 'false'
          ? 'bool'
          : word === 'nil'
            ? 'nil'
            : KEYWORDS.has(word)
              ? 'keyword'
              : 'identifier';
      push(type, word.length);
    } else throw new TemplateSyntaxError(`unrecognized character in action: ${JSON.stringify(ch)}`, pos);
  }
}
