// Executes a parsed template over Go values, with text/template's semantics: pipelines pass the previous value as
// the last argument, variables are scoped to their block, range iterates maps in key order, missing map keys give
// the zero value (Prometheus's missingkey=zero), errors name the failing command.
import { argText, lineCol, type ArgNode, type CommandNode, type PipeNode, type TemplateNode } from './ast.js';
import { TEMPLATE_FUNCTIONS, type GoFunction, type ParamType } from './functions.js';
import { PROMETHEUS_FUNCTIONS } from './prometheus-functions.js';
import { TemplateFunctionError } from './humanize.js';
import { formatValue, GoMap, GoStruct, isTrue, methodOf, typeName, type GoValue } from './values.js';

export class TemplateExecError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

const MISSING = Symbol('missing');
type Final = GoValue | typeof MISSING;
/** What a command passes to a method at the end of a field chain. */
interface Call {
  dot: GoValue;
  args: ArgNode[];
  final: Final;
}
class LoopControl {
  constructor(readonly kind: 'break' | 'continue') {}
}

/** A template set's shared namespace and, for HTML output, the escaper of each action's output. */
export interface TemplateSetOptions {
  /** `{{define}}`s of every file of the set (later files override earlier ones, as in Go's ParseGlob). */
  templates?: ReadonlyMap<string, TemplateNode[]>;
  /** Escapes an action's printed value; `before` is the output so far (its context: text, attribute, URL). */
  escape?: (text: string, value: GoValue, before: string) => string;
  /** Rewrites the template's own text (html/template drops HTML comments). */
  text?: (text: string) => string;
}

export class Executor {
  private readonly vars: { name: string; value: GoValue }[] = [];
  private out = '';
  private command: CommandNode | undefined;
  private templateDepth = 0;

  constructor(
    private readonly name: string,
    private readonly text: string,
    root: GoValue,
    variables: ReadonlyMap<string, GoValue>,
    /** Characters Prometheus prepends to line 1 (its variable definitions), so columns match its messages. */
    private readonly firstLineShift = 0,
    /** Functions bound to this expansion (query, externalURL, pathPrefix); they win over the built-in ones. */
    private readonly contextFunctions: ReadonlyMap<string, GoFunction> = new Map(),
    private readonly set: TemplateSetOptions = {},
  ) {
    this.vars.push({ name: '$', value: root });
    for (const [varName, value] of variables) this.vars.push({ name: varName, value });
  }

  run(list: TemplateNode[]): string {
    this.walkList(this.vars[0]?.value ?? null, list);
    return this.out;
  }

  /** Fails like Go: `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE`, COL counted from 0. */
  private fail(message: string, offset: number, node?: string): never {
    const { line, col } = lineCol(this.text, offset);
    const context = node ?? (this.command ? this.text.slice(this.command.pos, this.command.end).trim() : undefined);
    const at = context === undefined ? '' : ` at <${context}>`;
    const column = col - 1 + (line === 1 ? this.firstLineShift : 0);
    throw new TemplateExecError(
      `template: ${this.name}:${line}:${column}: executing "${this.name}"${at}: ${message}`,
      offset,
    );
  }

  private walkList(dot: GoValue, list: TemplateNode[]): void {
    for (const node of list) this.walk(dot, node);
  }

  private walk(dot: GoValue, node: TemplateNode): void {
    switch (node.kind) {
      case 'text':
        this.out += this.set.text ? this.set.text(node.text) : node.text;
        return;
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length > 0) return;
        const text = value === null ? '<no value>' : formatValue(value);
        this.out += this.set.escape ? this.set.escape(text, value, this.out) : text;
        return;
      }
      case 'break':
      case 'continue':
        throw new LoopControl(node.kind);
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const value = this.evalPipeline(dot, node.pipe);
        if (isTrue(value)) this.walkList(node.kind === 'with' ? value : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(dot, node.pipe, node.list, node.elseList);
        return;
      case 'template':
        return this.walkTemplate(dot, node);
    }
  }

  /** `{{template "name" pipeline}}`: the defined body with the pipeline's value as dot and as its only `$`. */
  private walkTemplate(dot: GoValue, node: Extract<TemplateNode, { kind: 'template' }>): void {
    const body = this.set.templates?.get(node.name) ?? node.defines.get(node.name);
    const context = this.text.slice(node.pos, node.end + 2).trim();
    if (!body) this.fail(`template "${node.name}" not defined`, node.pos, context);
    if (++this.templateDepth > 100_000) this.fail('exceeded maximum template depth (100000)', node.pos, context);
    const value = node.pipe ? this.evalPipeline(dot, node.pipe) : null;
    const saved = this.vars.splice(0);
    this.vars.push({ name: '$', value });
    try {
      this.walkList(value, body);
    } finally {
      this.vars.splice(0, this.vars.length, ...saved);
      this.templateDepth--;
    }
  }

  private walkRange(dot: GoValue, pipe: PipeNode, list: TemplateNode[], elseList: TemplateNode[] | null): void {
    const mark = this.vars.length;
    const value = this.evalPipeline(dot, pipe);
    const items: [GoValue, GoValue][] = [];
    if (value instanceof GoMap) for (const key of value.sortedKeys()) items.push([key, value.entries.get(key) ?? null]);
    else if (Array.isArray(value)) value.forEach((element: GoValue, i: number) => items.push([BigInt(i), element]));
    else if (typeof value === 'bigint') for (let i = 0n; i < value; i++) items.push([i, i]);
    else if (value !== null) {
      const last = pipe.cmds[pipe.cmds.length - 1];
      this.fail(
        `range can't iterate over ${formatValue(value)}`,
        pipe.pos,
        this.text.slice(pipe.pos, last?.end).trim(),
      );
    }
    const inner = this.vars.length;
    for (const [key, element] of items) {
      if (pipe.decl.length === 1) this.setTop(pipe.decl.length, element);
      else if (pipe.decl.length === 2) {
        this.setTop(2, key);
        this.setTop(1, element);
      }
      try {
        this.walkList(element, list);
      } catch (error) {
        if (!(error instanceof LoopControl)) throw error;
        if (error.kind === 'break') break;
      } finally {
        this.vars.length = inner;
      }
    }
    if (items.length === 0 && elseList) this.walkList(dot, elseList);
    this.vars.length = mark;
  }

  /** Sets the variable `fromTop` positions from the top of the stack (range variables pushed by the pipeline). */
  private setTop(fromTop: number, value: GoValue): void {
    const slot = this.vars[this.vars.length - fromTop];
    if (slot) slot.value = value;
  }

  private evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    const result = value === MISSING ? null : value;
    for (const name of pipe.decl) {
      if (pipe.isAssign) {
        const slot = [...this.vars].reverse().find((v) => v.name === name);
        if (slot) slot.value = result;
      } else this.vars.push({ name, value: result });
    }
    return result;
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const saved = this.command;
    this.command = cmd;
    try {
      const [first, ...rest] = cmd.args;
      if (!first) return null;
      if (first.kind === 'identifier') return this.callFunction(dot, first.name, rest, final, first.pos);
      const hasArgs = rest.length > 0 || final !== MISSING;
      const call: Call = { dot, args: rest, final };
      if (first.kind === 'field') return this.fieldChain(dot, first.chain, first.pos, '', call);
      if (first.kind === 'variable')
        return this.fieldChain(this.variable(first.name), first.chain, first.pos, first.name, call);
      if (first.kind === 'pipe' && first.chain.length > 0)
        return this.fieldChain(this.evalPipeline(dot, first.pipe), first.chain, first.pos, '', call);
      if (first.kind === 'nil') this.fail('nil is not a command', first.pos);
      if (hasArgs)
        this.fail(
          `can't give argument to non-function ${this.text.slice(first.pos, cmd.end).split(/\s/)[0]}`,
          first.pos,
        );
      return this.evalArg(dot, first);
    } finally {
      this.command = saved;
    }
  }

  private variable(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]?.name === name) return this.vars[i]?.value ?? null;
    return this.fail(`undefined variable: ${name}`, this.command?.pos ?? 0);
  }

  /**
   * `.A.B.C`: methods first (as Go looks them up), then struct fields and map keys. The last element, when it is a
   * method, gets the command's arguments (`.CommonLabels.Remove .GroupLabels.Names`).
   */
  private fieldChain(receiver: GoValue, chain: string[], pos: number, head = '', call?: Call): GoValue {
    const node = head + chain.map((f) => '.' + f).join('');
    const hasArgs = call !== undefined && (call.args.length > 0 || call.final !== MISSING);
    let current = receiver;
    chain.forEach((field, i) => {
      const last = i === chain.length - 1;
      const method = methodOf(current, field);
      if (method) {
        current = this.invoke(
          call?.dot ?? null,
          method,
          field,
          last ? (call?.args ?? []) : [],
          last ? (call?.final ?? MISSING) : MISSING,
          pos,
        );
        return;
      }
      if (hasArgs && last) this.fail(`${field} has arguments but cannot be invoked as function`, pos, node);
      if (current instanceof GoMap) current = current.entries.get(field) ?? current.zero;
      else if (current instanceof GoStruct && current.fields.has(field)) current = current.fields.get(field) ?? null;
      else if (current === null) this.fail(`nil data; no entry for key "${field}"`, pos, node);
      else this.fail(`can't evaluate field ${field} in type ${typeName(current)}`, pos, node);
    });
    return current;
  }

  private evalArg(dot: GoValue, arg: ArgNode): GoValue {
    switch (arg.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'literal':
        return arg.value;
      case 'field':
        return this.fieldChain(dot, arg.chain, arg.pos);
      case 'variable':
        return this.fieldChain(this.variable(arg.name), arg.chain, arg.pos, arg.name);
      case 'pipe':
        return this.fieldChain(this.evalPipeline(dot, arg.pipe), arg.chain, arg.pos);
      case 'identifier':
        return this.callFunction(dot, arg.name, [], MISSING, arg.pos);
    }
  }

  /** An argument converted to a Go parameter type; literals convert as untyped constants do. */
  private typedArg(dot: GoValue, arg: ArgNode, type: ParamType): GoValue {
    const value = this.evalArg(dot, arg);
    return this.checkType(value, type, arg.pos, argText(arg), arg.kind === 'literal' && arg.isNumber);
  }

  private checkType(value: GoValue, type: ParamType, pos: number, node: string, untypedNumber: boolean): GoValue {
    if (type === 'any') return value;
    if (type === 'float' && untypedNumber && typeof value === 'bigint') return Number(value);
    const expected = { string: 'string', int: 'int', float: 'float64' }[type];
    if (typeName(value) !== expected)
      this.fail(`wrong type for value; expected ${expected}; got ${typeName(value)}`, pos, node);
    return value;
  }

  private callFunction(dot: GoValue, name: string, args: ArgNode[], final: Final, pos: number): GoValue {
    const fn = this.contextFunctions.get(name) ?? PROMETHEUS_FUNCTIONS.get(name) ?? TEMPLATE_FUNCTIONS.get(name);
    if (!fn) return this.fail(`"${name}" is not a defined function`, pos);
    const count = args.length + (final === MISSING ? 0 : 1);
    if (name === 'and' || name === 'or') {
      if (count === 0) this.fail(`wrong number of args for ${name}: want at least 1 got 0`, pos);
      let value: GoValue = null;
      for (let i = 0; i < count; i++) {
        const arg = args[i];
        value = arg ? this.evalArg(dot, arg) : (final as GoValue);
        if (isTrue(value) === (name === 'or')) return value;
      }
      return value;
    }
    return this.invoke(dot, fn, name, args, final, pos);
  }

  /** Calls a function or method with Go's argument count and type checks. */
  private invoke(dot: GoValue, fn: GoFunction, name: string, args: ArgNode[], final: Final, pos: number): GoValue {
    const count = args.length + (final === MISSING ? 0 : 1);
    const wanted = fn.params.length;
    if (fn.variadic ? count < wanted : count !== wanted)
      this.fail(`wrong number of args for ${name}: want ${fn.variadic ? 'at least ' : ''}${wanted} got ${count}`, pos);
    const values = args.map((arg, i) => this.typedArg(dot, arg, fn.params[i] ?? fn.variadic ?? 'any'));
    if (final !== MISSING) {
      // Go reports a bad piped value at the node evaluated last: the last argument, or the function name.
      const last = args[args.length - 1];
      const [at, node] = last ? [last.pos, argText(last)] : [pos, name];
      values.push(this.checkType(final, fn.params[count - 1] ?? fn.variadic ?? 'any', at, node, false));
    }
    try {
      return fn.call(values);
    } catch (error) {
      if (error instanceof TemplateFunctionError) this.fail(`error calling ${name}: ${error.message}`, pos);
      throw error;
    }
  }
}
