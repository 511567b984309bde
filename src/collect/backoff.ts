/** Reconnect delay after `failures` consecutive failures: 1s, 2s, 4s … capped, so a returning database is seen soon. */
export function reconnectDelayMs(failures: number, capMs = 30_000): number {
  if (failures <= 0) return 0;
  return Math.min(capMs, 1000 * 2 ** (failures - 1));
}
