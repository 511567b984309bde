// The fleet endpoints: /api/v1/targets (Prometheus's shape) and /api/v1/http_sd (Prometheus's HTTP SD list).
import { Router } from 'express';
import type { ResolvedTarget } from '../config/load.js';
import type { Snapshot } from '../collect/model.js';
import { httpSdDocument, targetsDocument, type TargetsContext, type TargetView } from './targets-api.js';

export interface FleetState {
  /** This shard's targets with their newest snapshot. */
  owned(): ReadonlyArray<{ readonly config: ResolvedTarget; readonly snapshot: Snapshot | undefined }>;
  /** The configured targets other shards carry. */
  others(): readonly ResolvedTarget[];
  context(): TargetsContext;
}

const view = (config: ResolvedTarget, snapshot?: Snapshot): TargetView => ({
  name: config.name,
  labels: config.labels,
  display: config.display,
  snapshot,
});

export function fleetRouter(state: FleetState): Router {
  const router = Router();
  router.get('/api/v1/targets', (_req, res) => {
    const active = state.owned().map((t) => view(t.config, t.snapshot));
    res.json(
      targetsDocument(
        active,
        state.others().map((t) => view(t)),
        state.context(),
      ),
    );
  });
  router.get('/api/v1/http_sd', (_req, res) => {
    res.json(
      httpSdDocument(
        state.owned().map((t) => view(t.config, t.snapshot)),
        state.context(),
      ),
    );
  });
  return router;
}
