import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

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

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const syntaxErrors = doc.errors.map((error) => {
    const { line, col } = position(error.pos[0]);
    // The yaml library's messages quote source lines; keep only the first sentence so no secret is echoed.
    const message = error.message.split('\n')[0] ?? error.message;
    return `${file}:${line}:${col}: ${message}`;
  });
  return {
    file,
    value: syntaxErrors.length ? undefined : doc.toJS({ maxAliasCount: 100 }),
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
