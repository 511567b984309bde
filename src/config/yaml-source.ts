import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';

/** A parsed YAML file that can say where any path in it was written, so every problem is reported as file:line:col. */
export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** Position of the node at `path` (or its nearest existing ancestor). */
  locate(path: ReadonlyArray<string | number>, atKey?: boolean): { line: number; col: number };
  /** Syntax errors found while parsing, already located. */
  readonly syntaxErrors: string[];
}

function nodeAt(doc: Document, path: ReadonlyArray<string | number>, atKey: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let found = node as Node | undefined;
  for (const [i, key] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      // A missing value (or, when asked, the key itself: unknown keys) is best pointed at by its key.
      const wantKey = atKey && i === path.length - 1;
      found = wantKey ? (pair.key as Node) : ((pair.value as Node | null) ?? (pair.key as Node));
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) break;
      found = node as Node;
    } else {
      break;
    }
  }
  return found;
}

/**
 * Offsets of keys repeated in a mapping. The yaml library's own `uniqueKeys` check compares every key with every
 * earlier one (40,000 keys: 5 s); this is one Set per mapping, linear in the file.
 */
function duplicateKeyOffsets(doc: Document): number[] {
  const offsets: number[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) offsets.push((pair.key as Node | null)?.range?.[0] ?? 0);
        seen.add(key);
      }
    },
  });
  return offsets;
}

/**
 * The yaml library's message without what it quotes from the file: an unquoted value starting with `*` is an alias,
 * and "Unresolved alias …: <the value>" would print a password. The text before the first colon names the problem.
 */
function safeYamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  const colon = first.indexOf(':');
  return colon > 0 ? first.slice(0, colon) : first;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const located = (offset: number, message: string) => {
    const { line, col } = position(offset);
    return `${file}:${line}:${col}: ${message}`;
  };
  const syntaxErrors = doc.errors.map((error) => located(error.pos[0], safeYamlMessage(error.message)));
  if (!syntaxErrors.length) {
    for (const offset of duplicateKeyOffsets(doc)) syntaxErrors.push(located(offset, 'Map keys must be unique'));
  }
  let value: unknown;
  if (!syntaxErrors.length) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias to an anchor defined nowhere is found here, not while parsing.
      syntaxErrors.push(`${file}: ${safeYamlMessage((error as Error).message)}`);
    }
  }
  return {
    file,
    value,
    syntaxErrors,
    locate(path, atKey = false) {
      const node = nodeAt(doc, path, atKey);
      const offset = node?.range?.[0] ?? 0;
      return position(offset);
    },
  };
}

/** Formats a validation problem with its location. */
export function locatedProblem(
  source: YamlSource,
  path: ReadonlyArray<string | number>,
  message: string,
  atKey = false,
): string {
  const { line, col } = source.locate(path, atKey);
  const where = path.length ? `${path.join('.')}: ` : '';
  return `${source.file}:${line}:${col}: ${where}${message}`;
}
