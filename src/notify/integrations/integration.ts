// One configured destination (a receiver's email_configs[i], slack_configs[i] or webhook_configs[i]).
import type { Failure } from '../classify.js';
import type { MessageData } from '../message/data.js';
import type { IntegrationName, Notification } from '../types.js';

export interface Integration {
  readonly name: IntegrationName;
  readonly index: number;
  readonly sendResolved: boolean;
  /**
   * Resolves to undefined when the receiver accepted the message, else to the classified failure. `timeoutMs`, when
   * given, replaces the configured send timeout for this attempt (HTTP integrations).
   */
  send(data: MessageData, notification: Notification, timeoutMs?: number): Promise<Failure | undefined>;
  close?(): void;
}
