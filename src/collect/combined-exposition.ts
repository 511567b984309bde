import { familyHeader, familySamples } from './exposition.js';
import type { Labels, Snapshot } from './model.js';

/** One target's snapshot as sample lines per family, with its `target` label: rendered once per snapshot. */
interface TargetPart {
  readonly headers: ReadonlyMap<string, string>;
  readonly lines: ReadonlyMap<string, Buffer>;
}

/**
 * Several targets' snapshots as one text-format body (`/metrics` of an agent with many targets), each series with
 * its `target` label. With a hundred targets some snapshot is new almost every second, so re-labelling and
 * rendering every target's series for each scrape cost as much as collecting them (the fleet bench's first run:
 * scrapes of minutes at 50 targets). Each snapshot is rendered once, into sample lines per family; a scrape after a
 * change only copies those bytes, family by family, under one HELP/TYPE header as the text format requires.
 */
export class CombinedExposition {
  private readonly parts = new WeakMap<Snapshot, TargetPart>();
  private last: { snapshots: readonly Snapshot[]; body: Buffer } | undefined;

  body(current: ReadonlyArray<{ readonly name: string; readonly snapshot: Snapshot }>): Buffer {
    const last = this.last;
    if (last?.snapshots.length === current.length && current.every((c, i) => last.snapshots[i] === c.snapshot)) {
      return last.body;
    }
    const parts = current.map((c) => this.partOf(c.name, c.snapshot));
    const headers = new Map<string, string>();
    for (const part of parts)
      for (const [name, header] of part.headers) if (!headers.has(name)) headers.set(name, header);
    const chunks: Buffer[] = [];
    for (const [name, header] of headers) {
      chunks.push(Buffer.from(header));
      for (const part of parts) {
        const lines = part.lines.get(name);
        if (lines) chunks.push(lines);
      }
    }
    const body = Buffer.concat(chunks);
    this.last = { snapshots: current.map((c) => c.snapshot), body };
    return body;
  }

  private partOf(target: string, snapshot: Snapshot): TargetPart {
    let part = this.parts.get(snapshot);
    if (part) return part;
    const formatted = new Map<Labels, string>();
    const extra = { target };
    const headers = new Map<string, string>();
    const lines = new Map<string, Buffer>();
    for (const family of snapshot.families) {
      if (family.samples.length === 0) continue;
      if (!headers.has(family.name)) headers.set(family.name, familyHeader(family));
      const text = Buffer.from(familySamples(family, formatted, extra));
      const seen = lines.get(family.name);
      lines.set(family.name, seen ? Buffer.concat([seen, text]) : text);
    }
    part = { headers, lines };
    this.parts.set(snapshot, part);
    return part;
  }
}
