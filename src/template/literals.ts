// Literal tokens of Go templates: number constants (Go's int/float distinction) and how tokens are named in errors.
import { TemplateSyntaxError, type Token, type TokenType } from './lexer.js';
import type { GoValue } from './values.js';

/** A Go number constant: int (bigint) unless it has a fraction or exponent, as text/template's ideal constants. */
export function parseNumber(text: string, offset: number): GoValue {
  const isHex = /^[+-]?0[xX]/.test(text);
  if (text.endsWith('i')) throw new TemplateSyntaxError(`complex numbers are not supported: ${text}`, offset);
  const clean = text.replace(/_/g, '');
  if (/[.eEpP]/.test(clean) && !(isHex && !/[.pP]/.test(clean))) {
    const value = isHex ? Number.NaN : Number(clean);
    if (Number.isNaN(value)) throw new TemplateSyntaxError(`illegal number syntax: "${text}"`, offset);
    return value;
  }
  const negative = clean.startsWith('-');
  const digits = clean.replace(/^[+-]/, '');
  const legacyOctal = /^0[0-7]+$/.test(digits);
  try {
    const magnitude = legacyOctal ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
    return negative ? -magnitude : magnitude;
  } catch {
    throw new TemplateSyntaxError(`illegal number syntax: "${text}"`, offset);
  }
}

export const OPERAND_START = new Set<TokenType>([
  'bool',
  'char',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'string',
  'variable',
  'leftParen',
]);

export function describeToken(token: Token): string {
  if (token.type === 'rightDelim') return '"}}"';
  if (token.type === 'string') return JSON.stringify(token.value);
  return `${JSON.stringify(token.value)}`;
}
