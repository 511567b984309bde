// Prometheus's label-set fingerprint (model.LabelSet.Fingerprint): FNV-1a 64 over the label names and values sorted by
// name, each followed by the 0xff separator byte. Same labels → same fingerprint as Prometheus and Alertmanager show.
import type { Labels } from '../collect/model.js';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const SEPARATOR = 0xff;

export function fingerprint(labels: Labels): string {
  let hash = FNV_OFFSET;
  const add = (byte: number): void => {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  };
  for (const name of Object.keys(labels).sort()) {
    for (const byte of Buffer.from(name, 'utf8')) add(byte);
    add(SEPARATOR);
    for (const byte of Buffer.from(labels[name] ?? '', 'utf8')) add(byte);
    add(SEPARATOR);
  }
  return hash.toString(16).padStart(16, '0');
}

/** Labels in name order, as a new plain object (stable JSON and display). */
export function sortedLabels(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) out[name] = labels[name] ?? '';
  return out;
}
