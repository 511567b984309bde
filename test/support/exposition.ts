/** A parsed sample line of the Prometheus text format, for assertions. */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedExposition {
  samples: ParsedSample[];
  types: Map<string, string>;
  helps: Map<string, string>;
}

const SAMPLE_RE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/;
const LABEL_RE = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** A deliberately strict reader: any line it cannot read fails the test that uses it. */
export function parseExposition(text: string): ParsedExposition {
  const out: ParsedExposition = { samples: [], types: new Map(), helps: new Map() };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice(7).split(' ');
      out.types.set(name as string, type as string);
      continue;
    }
    if (line.startsWith('# HELP ')) {
      const rest = line.slice(7);
      const space = rest.indexOf(' ');
      out.helps.set(rest.slice(0, space), rest.slice(space + 1));
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = SAMPLE_RE.exec(line);
    if (!match) throw new Error(`unreadable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (match[3] ?? '').matchAll(LABEL_RE)) {
      labels[l[1] as string] = (l[2] as string).replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const raw = match[4] as string;
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    out.samples.push({ name: match[1] as string, labels, value });
  }
  return out;
}

export function samplesOf(parsed: ParsedExposition, name: string): ParsedSample[] {
  return parsed.samples.filter((s) => s.name === name);
}
