// A strict reader of YAML nodes for the unit-test file: unknown keys and wrong types are problems at file:line:col
// (promtool reads the file with yaml.UnmarshalStrict, which also rejects unknown keys).
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
import { parseDuration } from '../../config/duration.js';
import { formatProblem } from '../definitions.js';
import { nodeStart, positionAt } from '../yaml-positions.js';

export type Field = Node | undefined;

export class YamlReader {
  readonly problems: string[] = [];
  private readonly lines = new LineCounter();
  private doc: Document | undefined;

  constructor(readonly file: string) {}

  /** The root mapping, or undefined (with a problem) when the text is not one. */
  root(text: string): YAMLMap | undefined {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    this.doc = doc;
    for (const error of doc.errors) this.report(undefined, error.message, error.pos[0]);
    if (doc.errors.length > 0) return undefined;
    const root = doc.contents as Node | null;
    if (!isMap(root)) {
      this.report(root ?? undefined, 'a unit test file must be a mapping with "rule_files" and "tests"');
      return undefined;
    }
    return root;
  }

  /** Anchors and aliases are plain YAML (test files use them for long annotations): an alias reads as its target. */
  private deref(node: Field): Field {
    return isAlias(node) && this.doc ? ((node.resolve(this.doc) ?? undefined) as Field) : node;
  }

  report(node: Field, message: string, offset = nodeStart(node)): void {
    const { line, col } = positionAt(this.lines, offset);
    this.problems.push(formatProblem({ file: this.file, line, col, message }));
  }

  /** The fields of a mapping, after reporting keys that are not allowed. */
  fields(node: Field, allowed: readonly string[], what: string): Map<string, Node> | undefined {
    node = this.deref(node);
    const out = new Map<string, Node>();
    if (isNull(node)) return out;
    if (!isMap(node)) {
      this.report(node, `${what} must be a mapping`);
      return undefined;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) this.report(pair.key as Node, `field ${key} not found in ${what}`);
      else if (pair.value !== null) out.set(key, pair.value as Node);
    }
    return out;
  }

  list(node: Field, what: string): Node[] {
    node = this.deref(node);
    if (isNull(node)) return [];
    if (isSeq(node)) return node.items as Node[];
    this.report(node, `${what} must be a list`);
    return [];
  }

  text(node: Field, what: string): string | undefined {
    node = this.deref(node);
    if (isNull(node)) return undefined;
    if (isScalar(node) && typeof node.value !== 'object') return String(node.value);
    this.report(node, `${what} must be a string`);
    return undefined;
  }

  number(node: Field, what: string): number | undefined {
    node = this.deref(node);
    if (isNull(node)) return undefined;
    if (isScalar(node) && typeof node.value === 'number') return node.value;
    this.report(node, `${what} must be a number`);
    return undefined;
  }

  duration(node: Field, what: string): number {
    const text = this.text(node, what);
    if (text === undefined) return 0;
    const ms = parseDuration(text);
    if (ms === undefined) this.report(node, `invalid duration "${text}" for ${what} (use e.g. 30s, 5m, 1h30m)`);
    return ms ?? 0;
  }

  stringMap(node: Field, what: string): Record<string, string> {
    node = this.deref(node);
    const out: Record<string, string> = {};
    if (isNull(node)) return out;
    if (!isMap(node)) {
      this.report(node, `${what} must be a mapping`);
      return out;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = this.text((pair.value ?? undefined) as Field, `${what} "${key}"`);
      out[key] = value ?? '';
    }
    return out;
  }

  stringList(node: Field, what: string): string[] {
    return this.list(node, what).flatMap((item) => this.text(item, `each of ${what}`) ?? []);
  }
}

function isNull(node: Field): boolean {
  return node === undefined || (isScalar(node) && node.value === null);
}
