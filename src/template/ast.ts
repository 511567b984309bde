// Syntax tree of a parsed Go template (the subset Prometheus alert templates use). `pos` is a source offset.
import { goQuote } from './sprintf.js';
import type { GoValue } from './values.js';

export type ArgNode =
  | { kind: 'field'; pos: number; chain: string[] }
  | { kind: 'variable'; pos: number; name: string; chain: string[] }
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'dot'; pos: number }
  | { kind: 'nil'; pos: number }
  | { kind: 'literal'; pos: number; value: GoValue; isNumber: boolean; text: string }
  | { kind: 'pipe'; pos: number; pipe: PipeNode; chain: string[] };

export interface CommandNode {
  pos: number;
  end: number;
  args: ArgNode[];
}

export interface PipeNode {
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: CommandNode[];
}

export type TemplateNode =
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'action'; pos: number; pipe: PipeNode }
  | {
      kind: 'if' | 'with' | 'range';
      pos: number;
      pipe: PipeNode;
      list: TemplateNode[];
      elseList: TemplateNode[] | null;
    }
  | { kind: 'break' | 'continue'; pos: number }
  /** `{{template "name" pipeline}}`; `defines` is the template set's `{{define}}`s, resolved when executed. */
  | {
      kind: 'template';
      pos: number;
      end: number;
      name: string;
      pipe: PipeNode | null;
      defines: ReadonlyMap<string, TemplateNode[]>;
    };

/** 1-based line and column (in characters) of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: offset - lineStart + 1 };
}

/** A node as Go's String() prints it in error contexts. */
export function argText(arg: ArgNode): string {
  switch (arg.kind) {
    case 'field':
      return arg.chain.map((f) => '.' + f).join('');
    case 'variable':
      return arg.name + arg.chain.map((f) => '.' + f).join('');
    case 'identifier':
      return arg.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'literal':
      return typeof arg.value === 'string' ? goQuote(arg.value) : arg.text;
    case 'pipe':
      return '(...)' + arg.chain.map((f) => '.' + f).join('');
  }
}
