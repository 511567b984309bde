// Prometheus marks the end of a series with a special NaN (StaleNaN, bits 0x7ff0000000000002). JavaScript may
// canonicalise NaN payloads when values are copied, so the store keeps an explicit flag and accepts this value only
// as input convenience.
const view = new DataView(new ArrayBuffer(8));
view.setUint32(0, 0x7ff00000);
view.setUint32(4, 0x00000002);

export const STALE_NAN: number = view.getFloat64(0);

export function isStaleNaN(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  view.setFloat64(0, v);
  return view.getUint32(0) === 0x7ff00000 && view.getUint32(4) === 0x00000002;
}
