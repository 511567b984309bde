// A set of notification templates as Alertmanager builds it: the shipped defaults (templates/default.tmpl) and then
// the user's `templates:` files, all `{{define}}`s in one namespace where a later file redefines an earlier name.
// A field of an integration (`title: '{{ template "slack.default.title" . }}'`) is parsed against that namespace and
// executed on the notification's data; the email `html` field with html/template's escaping.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { lineCol, type TemplateNode } from '../../template/ast.js';
import type { GoFunction } from '../../template/functions.js';
import { Executor, TemplateExecError, type TemplateSetOptions } from '../../template/exec.js';
import { TemplateSyntaxError } from '../../template/lexer.js';
import { parseTemplateFile } from '../../template/parser.js';
import { packageRoot } from '../../paths.js';
import type { MessageData } from '../message/data.js';
import { messageDataValue } from './data-value.js';
import { NOTIFICATION_FUNCTION_NAMES, NOTIFICATION_FUNCTIONS } from './functions.js';
import { escapeHtmlAction, HTML_FUNCTIONS, stripHtmlComments } from './html-escape.js';

/** A template file larger than this is refused (no real one is near; reading it must stay bounded). */
export const MAX_TEMPLATE_FILE_BYTES = 1024 * 1024;

export interface TemplateSource {
  readonly file: string;
  readonly text: string;
}

/** A template (file or field) that does not parse, with its place as `file:line:col`. */
export class TemplateParseProblem extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${col}: ${reason}`);
    this.name = 'TemplateParseProblem';
  }
}

export { TemplateExecError };

const PARSE_OPTIONS = { functions: NOTIFICATION_FUNCTION_NAMES, variables: [] };
const HTML_OPTIONS: TemplateSetOptions = { escape: escapeHtmlAction, text: stripHtmlComments };

function parseSource(source: TemplateSource): { tree: TemplateNode[]; defines: ReadonlyMap<string, TemplateNode[]> } {
  try {
    return parseTemplateFile(source.text, PARSE_OPTIONS);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    const { line, col } = lineCol(source.text, error.offset);
    throw new TemplateParseProblem(source.file, line, col, error.message);
  }
}

export const defaultTemplateFile = (): string => path.join(packageRoot(), 'templates', 'default.tmpl');

export class NotificationTemplates {
  private constructor(
    private readonly templates: ReadonlyMap<string, TemplateNode[]>,
    /** The files the set was read from, defaults first. */
    readonly files: readonly string[],
  ) {}

  /** Builds a set from sources in order; throws TemplateParseProblem naming the first file that does not parse. */
  static parse(sources: readonly TemplateSource[]): NotificationTemplates {
    const templates = new Map<string, TemplateNode[]>();
    for (const source of sources) {
      for (const [name, body] of parseSource(source).defines) {
        // Go's AddParseTree: an empty redefinition does not replace a non-empty template.
        if (body.length > 0 || !templates.has(name)) templates.set(name, body);
      }
    }
    return new NotificationTemplates(
      templates,
      sources.map((s) => s.file),
    );
  }

  /** The shipped defaults and the files the patterns match (relative to `baseDir`; no match is not an error). */
  static load(patterns: readonly string[], baseDir: string): NotificationTemplates {
    const files = [defaultTemplateFile(), ...patterns.flatMap((pattern) => matchPattern(pattern, baseDir))];
    return NotificationTemplates.parse(files.map((file) => ({ file, text: readTemplateFile(file) })));
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** Throws TemplateParseProblem when a field's template does not parse (config load). */
  check(field: string, text: string): void {
    if (text.includes('{{')) parseSource({ file: field, text });
  }

  /** Expands a text field (Alertmanager's ExecuteTextString); throws TemplateParseProblem or TemplateExecError. */
  text(field: string, template: string, data: MessageData): string {
    return this.execute(field, template, data, NOTIFICATION_FUNCTIONS, {});
  }

  /** Expands an HTML field (ExecuteHTMLString): action output escaped by its HTML context. */
  html(field: string, template: string, data: MessageData): string {
    return this.execute(field, template, data, HTML_FUNCTIONS, HTML_OPTIONS);
  }

  private execute(
    field: string,
    template: string,
    data: MessageData,
    functions: ReadonlyMap<string, GoFunction>,
    options: TemplateSetOptions,
  ): string {
    if (template === '') return '';
    const parsed = parseSource({ file: field, text: template });
    const templates = parsed.defines.size ? new Map([...this.templates, ...parsed.defines]) : this.templates;
    const executor = new Executor(field, template, messageDataValue(data), new Map(), 0, functions, {
      ...options,
      templates,
    });
    return executor.run(parsed.tree);
  }
}

function matchPattern(pattern: string, baseDir: string): string[] {
  const absolute = path.resolve(baseDir, pattern);
  if (!isDynamicPattern(pattern)) return [absolute];
  const matches = globSync(path.relative(baseDir, absolute).split(path.sep).join('/'), {
    cwd: baseDir,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
  });
  // Go's filepath.Glob returns a pattern's matches in lexical order.
  return matches.map((m) => path.resolve(m)).sort();
}

function readTemplateFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read template file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (Buffer.byteLength(text) > MAX_TEMPLATE_FILE_BYTES)
    throw new TemplateParseProblem(file, 1, 1, `larger than ${MAX_TEMPLATE_FILE_BYTES} bytes`);
  return text;
}
