// POST (or PUT) /-/reload, Prometheus's lifecycle endpoint: reloads the configuration when web.enable_lifecycle is on
// (SIGHUP always works).
import { Router, type Response } from 'express';
import type { ReloadResult } from '../config/reload-result.js';

export interface ReloadControl {
  /** web.enable_lifecycle of the running configuration (a reload can switch it). */
  enabled(): boolean;
  reload(): Promise<ReloadResult>;
}

export function reloadRouter(control: ReloadControl): Router {
  const handler = (_req: unknown, res: Response) => {
    if (!control.enabled()) {
      res.status(403).type('text/plain').send('Lifecycle API is not enabled (web.enable_lifecycle: false).\n');
      return;
    }
    void control.reload().then((result) => {
      if (result.ok) res.type('text/plain').send('configuration reloaded\n');
      else res.status(500).type('text/plain').send(`failed to reload config: ${result.error}\n`);
    });
  };
  return Router().post('/-/reload', handler).put('/-/reload', handler);
}
