// An S3-compatible bucket and prefix holding the copies, listed through the AWS SDK: pages of at most 1000 keys
// directly under the prefix (Delimiter "/"), up to max_objects, every request cancelled by the listing's deadline;
// sidecars are read with a ranged GET of at most 64 KiB. Pages are ListObjects (v1, Marker) rather than v2: every
// S3-compatible store answers it, and v2's continuation tokens fail on some (s3rver's need a cipher Node 18+ lacks).
import { GetObjectCommand, ListObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { SIDECAR_LIMIT_BYTES } from '../read-small.js';
import type { S3LocationConfig } from './config.js';
import { maskSecrets, s3Credentials, secretValues } from './credentials.js';
import { type ListedEntry, SidecarCache } from './listing.js';
import type { OffsiteListing } from './model.js';

const PAGE_SIZE = 1000;

// The agent logs through pino; the SDK's one-time process warning about its own future Node support (engines: Node
// >= 20.15 here) would be a stray stderr line in every agent on Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The prefix as a folder: `a/b` lists `a/b/…`; empty lists the bucket's top level. */
export function folderPrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

export class S3Location {
  readonly name: string;
  private readonly client: S3Client;
  private readonly prefix: string;
  private readonly secrets: string[];
  private readonly sidecars = new SidecarCache();

  constructor(
    private readonly config: S3LocationConfig,
    private readonly maxObjects: number,
    field: string,
    env: NodeJS.ProcessEnv = process.env,
    /** Keys per request (S3's most is 1000; smaller in tests, to see paging). */
    private readonly pageSize = PAGE_SIZE,
  ) {
    this.prefix = folderPrefix(config.prefix);
    this.name = `s3://${config.bucket}/${this.prefix}`;
    const credentials = s3Credentials(config, field);
    this.secrets = secretValues(credentials, env);
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.force_path_style ?? config.endpoint !== undefined,
      ...(credentials ? { credentials } : {}),
      maxAttempts: 2,
    });
  }

  async list(signal: AbortSignal): Promise<OffsiteListing> {
    const entries: ListedEntry[] = [];
    let truncated = false;
    let marker: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsCommand({
          Bucket: this.config.bucket,
          Prefix: this.prefix,
          Delimiter: '/',
          MaxKeys: Math.min(this.pageSize, this.maxObjects - entries.length),
          Marker: marker,
        }),
        { abortSignal: signal },
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined || object.Size === undefined) continue;
        const etag = object.ETag?.replace(/"/g, '');
        entries.push({
          name: object.Key.slice(this.prefix.length),
          size: object.Size,
          ...(etag ? { etag } : {}),
          version: `${etag ?? ''}\u0000${object.LastModified?.getTime() ?? ''}`,
        });
      }
      const lastKey = page.Contents?.at(-1)?.Key;
      marker = page.IsTruncated ? (page.NextMarker ?? lastKey) : undefined;
      if (marker !== undefined && entries.length >= this.maxObjects) {
        truncated = true;
        marker = undefined;
      }
    } while (marker !== undefined);
    return this.sidecars.copies(entries, truncated, (entry, s) => this.readSidecar(entry, s), signal);
  }

  private async readSidecar(entry: ListedEntry, signal: AbortSignal): Promise<string | null> {
    if (entry.size > SIDECAR_LIMIT_BYTES) return null;
    const object = await this.client.send(
      new GetObjectCommand({
        Bucket: this.config.bucket,
        Key: this.prefix + entry.name,
        Range: `bytes=0-${SIDECAR_LIMIT_BYTES - 1}`,
      }),
      { abortSignal: signal },
    );
    const text = await object.Body?.transformToString('utf-8');
    return text === undefined || text.includes('\u0000') ? null : text;
  }

  /** An SDK error as one short line: its name, the HTTP status and the message, with every credential masked. */
  describe(error: unknown): string {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = e?.$metadata?.httpStatusCode;
    const text = `${e?.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${String(e?.message ?? error).slice(0, 200)}`;
    return maskSecrets(text, this.secrets);
  }

  close(): void {
    this.client.destroy();
  }
}
