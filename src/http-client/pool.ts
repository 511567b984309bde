// The clients of one configuration (a notifier's receivers): one per distinct http_config, so integrations that share
// settings share connections, and all are closed together when the configuration is replaced or the agent stops.
import type { SecretRegistry } from '../config/secrets.js';
import { createHttpClient, type HttpClient } from './client.js';
import type { HttpClientConfig } from './config.js';
import { httpClientSecrets, resolveHttpClientConfig, type ResolvedHttpClientConfig } from './resolve.js';

export class HttpClients {
  private readonly clients = new Map<string, HttpClient>();

  constructor(private readonly secrets: SecretRegistry) {}

  /** The client for `config` (undefined: no http_config), its secrets registered for scrubbing. */
  for(given: ResolvedHttpClientConfig | undefined): HttpClient {
    const key = JSON.stringify(given ?? null);
    let client = this.clients.get(key);
    if (!client) {
      // Files were read at config load; this maps a bearer_token given in code (tests) as the loader would.
      const config = given && resolveHttpClientConfig(given as HttpClientConfig, process.cwd(), 'http_config');
      for (const secret of httpClientSecrets(config)) this.secrets.add(secret);
      client = createHttpClient(config, (token) => this.secrets.add(token));
      this.clients.set(key, client);
    }
    return client;
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((c) => c.close()));
  }
}
