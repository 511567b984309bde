import type { Request, Response } from 'express';
import { gzipWithTail, sharedDeflatedPrefix } from './gzip-shared-prefix.js';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * A /metrics or /probe body in two parts. `shared` is rendered once per collection and is the same Buffer object for
 * every scrape until the next one, so it is written as it is (and compressed once); `own` is rendered per request.
 */
export interface ExpositionParts {
  readonly shared: Buffer;
  readonly own: Buffer;
}

/**
 * Writes the parts without joining them into one string or buffer (a copy of megabytes per scrape), gzip-compressed
 * when the client accepts it, as Prometheus does.
 */
export async function sendExposition(req: Request, res: Response, parts: ExpositionParts): Promise<void> {
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  const chunks = gzip ? gzipWithTail(await sharedDeflatedPrefix(parts.shared), parts.own) : [parts.shared, parts.own];
  res.status(200);
  res.setHeader('Content-Type', EXPOSITION_CONTENT_TYPE);
  res.setHeader('Vary', 'Accept-Encoding');
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader(
    'Content-Length',
    chunks.reduce((sum, c) => sum + c.length, 0),
  );
  for (const chunk of chunks) res.write(chunk);
  res.end();
}
