// Recursive-descent parser for Go text/template, following text/template/parse: the same grammar, the same checks
// at parse time (undefined variables and functions, empty pipelines, misplaced else/end/break).
import type { ArgNode, CommandNode, PipeNode, TemplateNode } from './ast.js';
import { lex, TemplateSyntaxError, type Token, type TokenType } from './lexer.js';
import { describeToken, OPERAND_START, parseNumber } from './literals.js';

type ListEnd = 'end' | 'else' | 'elseChain';

export interface ParseOptions {
  functions: ReadonlySet<string>;
  /** Variables defined before the template starts (Prometheus's `$labels`, `$value`, ...); `$` is always defined. */
  variables: readonly string[];
}

class Parser {
  private index = 0;
  private vars: string[];
  private rangeDepth = 0;
  private depth = 0;
  /** `{{define}}` and `{{block}}` bodies of this template set. */
  private readonly defines = new Map<string, TemplateNode[]>();

  constructor(
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {
    this.vars = ['$', ...options.variables];
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private peekNonSpace(): Token {
    while (this.peek().type === 'space') this.next();
    return this.peek();
  }

  private nextNonSpace(): Token {
    this.peekNonSpace();
    return this.next();
  }

  private fail(message: string, token: Token): never {
    throw new TemplateSyntaxError(message, token.offset);
  }

  private unexpected(token: Token, context: string): never {
    if (token.type === 'eof') this.fail(`unexpected EOF in ${context}`, token);
    this.fail(`unexpected ${describeToken(token)} in ${context}`, token);
  }

  private expect(type: TokenType, context: string): Token {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  parseTemplate(): TemplateNode[] {
    return this.itemList(true)[0];
  }

  /** The `{{define}}`s and `{{block}}`s seen so far. */
  definitions(): ReadonlyMap<string, TemplateNode[]> {
    return this.defines;
  }

  /** Nodes up to `{{end}}`/`{{else}}` (or EOF at top level). */
  private itemList(topLevel: boolean): [TemplateNode[], ListEnd, Token] {
    const list: TemplateNode[] = [];
    for (;;) {
      const token = this.next();
      if (token.type === 'eof') {
        if (topLevel) return [list, 'end', token];
        this.fail('unexpected EOF', token);
      }
      if (token.type === 'text') {
        list.push({ kind: 'text', pos: token.offset, text: token.value });
        continue;
      }
      const keyword = this.peekNonSpace();
      if (keyword.type === 'keyword' && (keyword.value === 'end' || keyword.value === 'else')) {
        this.next();
        if (topLevel) this.fail(`unexpected {{${keyword.value}}}`, keyword);
        if (keyword.value === 'end') {
          this.expect('rightDelim', 'end');
          return [list, 'end', keyword];
        }
        const after = this.peekNonSpace();
        if (after.type === 'keyword' && (after.value === 'if' || after.value === 'with'))
          return [list, 'elseChain', after];
        this.expect('rightDelim', 'else');
        return [list, 'else', keyword];
      }
      list.push(this.action(token));
    }
  }

  private action(open: Token): TemplateNode {
    const token = this.peekNonSpace();
    if (token.type === 'keyword') {
      this.next();
      switch (token.value) {
        case 'if':
        case 'with':
        case 'range':
          return this.control(token.value, token);
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) this.fail(`{{${token.value}}} outside {{range}}`, token);
          this.expect('rightDelim', token.value);
          return { kind: token.value, pos: token.offset };
        case 'define':
        case 'block':
          return this.define(token, open);
        case 'template':
          return this.templateCall(token, open, 'template clause');
        default:
          this.unexpected(token, 'command');
      }
    }
    return { kind: 'action', pos: open.offset, pipe: this.pipeline('command', 'rightDelim') };
  }

  /** `{{template "name"}}` or `{{template "name" pipeline}}`. */
  private templateCall(keyword: Token, open: Token, context: string): TemplateNode {
    const name = this.nextNonSpace();
    if (name.type !== 'string') this.unexpected(name, context);
    let pipe: PipeNode | null = null;
    if (this.peekNonSpace().type !== 'rightDelim') pipe = this.pipeline(context, 'rightDelim');
    else this.next();
    const end = this.tokens[this.index - 1]?.offset ?? keyword.offset;
    return { kind: 'template', pos: open.offset, end, name: name.value, pipe, defines: this.defines };
  }

  /** `{{define "name"}}…{{end}}` (top level only) and `{{block "name" pipeline}}…{{end}}` (define + template). */
  private define(keyword: Token, open: Token): TemplateNode {
    if (keyword.value === 'define' && this.depth > 0) this.unexpected(keyword, 'command');
    const call = keyword.value === 'block' ? this.templateCall(keyword, open, 'block clause') : undefined;
    let name = call?.kind === 'template' ? call.name : '';
    if (!call) {
      const token = this.nextNonSpace();
      if (token.type !== 'string') this.unexpected(token, 'define clause');
      name = token.value;
      this.expect('rightDelim', 'define clause');
    }
    // A defined template starts with only `$` (Prometheus's $labels etc. belong to the main template).
    const [savedVars, savedRange] = [this.vars, this.rangeDepth];
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end, endToken] = this.itemList(false);
    [this.vars, this.rangeDepth] = [savedVars, savedRange];
    if (end !== 'end') this.unexpected(endToken, 'define clause');
    if (this.defines.has(name) && (this.defines.get(name) as TemplateNode[]).length > 0 && list.length > 0)
      this.fail(`template: multiple definition of template "${name}"`, keyword);
    this.defines.set(name, list);
    return call ?? { kind: 'text', pos: open.offset, text: '' };
  }

  /** if / with / range; for `else if` chains the nested control consumes the shared {{end}}. */
  private control(kind: 'if' | 'with' | 'range', keyword: Token): TemplateNode {
    this.depth++;
    try {
      return this.controlBody(kind, keyword);
    } finally {
      this.depth--;
    }
  }

  private controlBody(kind: 'if' | 'with' | 'range', keyword: Token): TemplateNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const [list, end, endToken] = this.itemList(false);
    if (kind === 'range') this.rangeDepth--;
    let elseList: TemplateNode[] | null = null;
    if (end === 'elseChain') {
      this.next();
      elseList = [this.control(endToken.value as 'if' | 'with', endToken)];
    } else if (end === 'else') {
      const [otherList, otherEnd, otherToken] = this.itemList(false);
      if (otherEnd !== 'end') this.fail('expected end; found {{else}}', otherToken);
      elseList = otherList;
    }
    this.vars.length = mark;
    return { kind, pos: keyword.offset, pipe, list, elseList };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { pos: start.offset, decl: [], isAssign: false, cmds: [] };
    if (start.type === 'variable') this.declarations(pipe, context);
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`, token);
        pipe.cmds.forEach((cmd, i) => {
          const first = cmd.args[0];
          if (i > 0 && first && (first.kind === 'literal' || first.kind === 'dot' || first.kind === 'nil'))
            throw new TemplateSyntaxError(`non executable command in pipeline stage ${i + 1}`, first.pos);
        });
        return pipe;
      }
      if (!OPERAND_START.has(token.type)) this.unexpected(token, context);
      this.index--;
      pipe.cmds.push(this.command());
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    const save = this.index;
    const variable = this.next();
    const after = this.peekNonSpace();
    if (after.type === 'declare' || after.type === 'assign') {
      this.next();
      pipe.isAssign = after.type === 'assign';
      if (pipe.isAssign && !this.vars.includes(variable.value))
        this.fail(`undefined variable "${variable.value}"`, variable);
      pipe.decl.push(variable.value);
      this.vars.push(variable.value);
      return;
    }
    if (after.type === 'comma' && context === 'range') {
      this.next();
      const second = this.expect('variable', 'range');
      this.expect('declare', 'range');
      pipe.decl.push(variable.value, second.value);
      this.vars.push(variable.value, second.value);
      return;
    }
    this.index = save;
  }

  private command(): CommandNode {
    const cmd: CommandNode = { pos: this.peekNonSpace().offset, end: 0, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.index--;
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      cmd.end = token.offset;
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command', this.peek());
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const chain: string[] = [];
    // Go positions a node with a chain at its first chained field, and reports errors there.
    const chainPos = this.peek().offset;
    while (this.peek().type === 'field') chain.push(this.next().value.slice(1));
    if (node.kind === 'field' || node.kind === 'variable' || node.kind === 'pipe') {
      node.chain.push(...chain);
      node.pos = chainPos;
      return node;
    }
    throw new TemplateSyntaxError(`unexpected . after term`, node.pos);
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    const pos = token.offset;
    switch (token.type) {
      case 'identifier':
        if (!this.options.functions.has(token.value)) this.fail(`function "${token.value}" not defined`, token);
        return { kind: 'identifier', pos, name: token.value };
      case 'dot':
        return { kind: 'dot', pos };
      case 'nil':
        return { kind: 'nil', pos };
      case 'variable':
        if (!this.vars.includes(token.value)) this.fail(`undefined variable "${token.value}"`, token);
        return { kind: 'variable', pos, name: token.value, chain: [] };
      case 'field':
        return { kind: 'field', pos, chain: [token.value.slice(1)] };
      case 'bool':
        return { kind: 'literal', pos, value: token.value === 'true', isNumber: false, text: token.value };
      case 'string':
        return { kind: 'literal', pos, value: token.value, isNumber: false, text: token.value };
      case 'char':
        return {
          kind: 'literal',
          pos,
          value: BigInt(token.value.codePointAt(0) ?? 0),
          isNumber: true,
          text: token.value,
        };
      case 'number':
        return { kind: 'literal', pos, value: parseNumber(token.value, pos), isNumber: true, text: token.value };
      case 'leftParen':
        return { kind: 'pipe', pos, pipe: this.pipeline('parenthesized pipeline', 'rightParen'), chain: [] };
      default:
        this.index--;
        return undefined;
    }
  }
}

export function parseTemplateTree(text: string, options: ParseOptions): TemplateNode[] {
  return new Parser(lex(text), options).parseTemplate();
}

/** A template file of a set: its top-level tree and the templates it defines. */
export function parseTemplateFile(
  text: string,
  options: ParseOptions,
): { tree: TemplateNode[]; defines: ReadonlyMap<string, TemplateNode[]> } {
  const parser = new Parser(lex(text), options);
  const tree = parser.parseTemplate();
  return { tree, defines: parser.definitions() };
}
