// Parses and validates one Prometheus rule file (groups → rules), reporting every problem at once with the file
// position it comes from, including positions inside PromQL expressions and label/annotation templates.
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
import { parsePromql, PromqlError, typeOf, type Expr } from '../promql/index.js';
import { parseDuration } from '../config/duration.js';
import type { RuleDefinition, RuleGroupDefinition, RuleProblem } from './definitions.js';
import { parseAlertTemplate, TemplateParseError } from '../template/index.js';
import { nodeStart, positionAt, sourceOffsetOfValue, valueOffsetOf } from './yaml-positions.js';

const GROUP_KEYS = ['name', 'interval', 'query_offset', 'limit', 'labels', 'rules'];
const RULE_KEYS = ['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

class RuleFileChecker {
  readonly problems: RuleProblem[] = [];
  private readonly lines = new LineCounter();

  constructor(
    private readonly file: string,
    private readonly source: string,
  ) {}

  report(offset: number, message: string): void {
    this.problems.push({ file: this.file, ...positionAt(this.lines, offset), message });
  }

  private doc: Document | undefined;

  /** YAML aliases (`*common`), which Prometheus accepts in rule files, stand for the anchored node. */
  private deref(node: Node | undefined): Node | undefined {
    return node && isAlias(node) && this.doc ? ((node.resolve(this.doc) as Node | undefined) ?? node) : node;
  }

  parse(): RuleGroupDefinition[] {
    const doc = parseDocument(this.source, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    this.doc = doc;
    for (const error of doc.errors) this.report(error.pos[0], error.message);
    if (doc.errors.length > 0 || doc.contents === null) return [];
    const root = doc.contents as Node;
    if (!isMap(root)) {
      this.report(nodeStart(root), 'a rule file must be a mapping with a "groups" list');
      return [];
    }
    this.checkKeys(root, ['groups'], 'rule file');
    const groupsNode = root.get('groups', true) as Node | undefined;
    if (groupsNode === undefined || (isScalar(groupsNode) && groupsNode.value === null)) return [];
    if (!isSeq(groupsNode)) {
      this.report(nodeStart(groupsNode), '"groups" must be a list');
      return [];
    }
    const groups: RuleGroupDefinition[] = [];
    const seen = new Set<string>();
    for (const item of groupsNode.items as Node[]) {
      const group = this.group(item);
      if (!group) continue;
      if (seen.has(group.name)) this.report(nodeStart(item), `groupname: "${group.name}" is repeated in the same file`);
      seen.add(group.name);
      groups.push(group);
    }
    return groups;
  }

  private checkKeys(map: YAMLMap, allowed: string[], where: string): void {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) this.report(nodeStart(pair.key as Node), `unknown key "${key}" in ${where}`);
    }
  }

  private text(aliased: Node | undefined, what: string): string | undefined {
    const node = this.deref(aliased);
    if (node === undefined) return undefined;
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') return String(node.value);
    this.report(nodeStart(node), `${what} must be a string`);
    return undefined;
  }

  private duration(node: Node | undefined, what: string): number | undefined {
    const text = this.text(node, what);
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined)
      this.report(nodeStart(node), `invalid duration "${text}" for ${what} (use e.g. 30s, 5m, 1h30m)`);
    return ms;
  }

  private stringMap(aliased: Node | undefined, what: string, nameRule: (name: string) => string | undefined) {
    const node = this.deref(aliased);
    const out: Record<string, string> = {};
    const valueNodes = new Map<string, Node>();
    if (node === undefined || (isScalar(node) && node.value === null)) return { values: out, valueNodes };
    if (!isMap(node)) {
      this.report(nodeStart(node), `${what} must be a mapping`);
      return { values: out, valueNodes };
    }
    for (const pair of node.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const problem = nameRule(name);
      if (problem) this.report(nodeStart(pair.key as Node), problem);
      const value = this.text((pair.value ?? undefined) as Node | undefined, `${what} value "${name}"`);
      if (value === undefined && pair.value === null)
        this.report(nodeStart(pair.key as Node), `${what} value "${name}" is empty`);
      if (value !== undefined) {
        out[name] = value;
        valueNodes.set(name, this.deref(pair.value as Node) as Node);
      }
    }
    return { values: out, valueNodes };
  }

  private group(node: Node): RuleGroupDefinition | undefined {
    if (!isMap(node)) {
      this.report(nodeStart(node), 'a group must be a mapping with "name" and "rules"');
      return undefined;
    }
    this.checkKeys(node, GROUP_KEYS, 'group');
    const name = this.text(node.get('name', true) as Node | undefined, 'group name') ?? '';
    if (name === '') this.report(nodeStart(node), 'Groupname must not be empty');
    const intervalMs = this.duration(node.get('interval', true) as Node | undefined, 'interval');
    const queryOffsetMs = this.duration(node.get('query_offset', true) as Node | undefined, 'query_offset') ?? 0;
    const limitNode = node.get('limit', true) as Node | undefined;
    const limitText = this.text(limitNode, 'limit');
    const limit = limitText === undefined ? 0 : Number(limitText);
    if (!Number.isSafeInteger(limit) || limit < 0)
      this.report(nodeStart(limitNode), `limit must be a non-negative integer`);
    const labels = this.stringMap(node.get('labels', true) as Node | undefined, 'group label', labelNameProblem).values;
    const rulesNode = node.get('rules', true) as Node | undefined;
    const rules: RuleDefinition[] = [];
    if (rulesNode !== undefined && !(isScalar(rulesNode) && rulesNode.value === null)) {
      if (!isSeq(rulesNode)) this.report(nodeStart(rulesNode), '"rules" must be a list');
      else
        for (const item of rulesNode.items as Node[]) {
          const rule = this.rule(item);
          if (rule) rules.push(rule);
        }
    }
    const group = {
      name,
      file: this.file,
      queryOffsetMs,
      limit: Number.isSafeInteger(limit) ? limit : 0,
      labels,
      rules,
    };
    return intervalMs === undefined ? group : { ...group, intervalMs };
  }

  private rule(node: Node): RuleDefinition | undefined {
    if (!isMap(node)) {
      this.report(nodeStart(node), 'a rule must be a mapping with "alert" or "record" and "expr"');
      return undefined;
    }
    this.checkKeys(node, RULE_KEYS, 'rule');
    const start = nodeStart(node);
    const field = (key: string): Node | undefined => node.get(key, true) as Node | undefined;
    const alert = this.text(field('alert'), 'alert');
    const record = this.text(field('record'), 'record');
    if (alert === undefined && record === undefined) this.report(start, "one of 'record' or 'alert' must be set");
    if (alert !== undefined && record !== undefined) this.report(start, "only one of 'record' and 'alert' must be set");
    const kind = record !== undefined ? 'record' : 'alert';
    const name = record ?? alert ?? '';
    if (record !== undefined && !METRIC_NAME.test(record))
      this.report(nodeStart(field('record')), `invalid recording rule name: ${record}`);
    if (alert !== undefined && alert === '') this.report(nodeStart(field('alert')), `invalid alert name: ${alert}`);
    if (kind === 'record')
      for (const key of ['for', 'keep_firing_for', 'annotations'])
        if (field(key) !== undefined) this.report(nodeStart(field(key)), `invalid field '${key}' in recording rule`);
    const forMs = this.duration(field('for'), 'for') ?? 0;
    const keepFiringForMs = this.duration(field('keep_firing_for'), 'keep_firing_for') ?? 0;
    const labelRule = (n: string): string | undefined =>
      labelNameProblem(n) ?? (n === '__name__' ? `invalid label name: ${n}` : undefined);
    const labels = this.stringMap(field('labels'), 'label', labelRule);
    const annotations = this.stringMap(field('annotations'), 'annotation', (n) =>
      LABEL_NAME.test(n) ? undefined : `invalid annotation name: ${n}`,
    );
    if (kind === 'alert') {
      for (const map of [labels, annotations])
        for (const [key, valueNode] of map.valueNodes)
          this.template(`__alert_${name}`, map.values[key] ?? '', valueNode);
    }
    const exprNode = field('expr');
    const exprText = this.text(exprNode, 'expr');
    if (exprText === undefined && exprNode === undefined) this.report(start, "field 'expr' must be set in rule");
    const expr = exprText === undefined || exprNode === undefined ? undefined : this.expression(exprText, exprNode);
    if (!expr || exprText === undefined) return undefined;
    const { line } = positionAt(this.lines, start);
    return {
      kind,
      name,
      exprText,
      expr,
      forMs,
      keepFiringForMs,
      labels: labels.values,
      annotations: annotations.values,
      file: this.file,
      line,
    };
  }

  private expression(text: string, node: Node): Expr | undefined {
    try {
      const expr = parsePromql(text);
      const type = typeOf(expr);
      if (type !== 'vector' && type !== 'scalar')
        this.report(nodeStart(node), `expression must be of type vector or scalar, got ${type}`);
      return expr;
    } catch (error) {
      if (!(error instanceof PromqlError)) throw error;
      const offset = sourceOffsetOfValue(this.source, node, text, valueOffsetOf(text, error.line, error.col));
      this.report(offset, `expr: ${error.message.replace(/ \(line \d+, col \d+\)$/, '')}`);
      return undefined;
    }
  }

  private template(name: string, text: string, node: Node): void {
    try {
      parseAlertTemplate(name, text);
    } catch (error) {
      if (!(error instanceof TemplateParseError)) throw error;
      this.report(sourceOffsetOfValue(this.source, node, text, error.offset), `template: ${error.reason}`);
    }
  }
}

function labelNameProblem(name: string): string | undefined {
  return LABEL_NAME.test(name) ? undefined : `invalid label name: ${name}`;
}

/** Parses one rule file's text. A file with problems still returns the groups that were valid. */
export function parseRuleFile(file: string, text: string): { groups: RuleGroupDefinition[]; problems: RuleProblem[] } {
  const checker = new RuleFileChecker(file, text);
  const groups = checker.parse();
  return { groups, problems: checker.problems };
}
