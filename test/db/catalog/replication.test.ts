// The replication collectors on a real primary/standby pair: what postgres_exporter shows only "when: a standby".
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetFromDsn } from '../../../src/config/load.js';
import { makeSampler, shippedDefinitions } from '../../support/agent-parts.js';
import { parseExposition, samplesOf, type ParsedExposition } from '../../support/exposition.js';
import { startPostgresMajor, type MajorServer } from '../../support/postgres-major.js';
import { startStandby, type Standby } from '../../support/standby.js';

const COLLECTORS = ['replication', 'replication_slots', 'stat_replication', 'stat_wal_receiver'];

async function scrape(url: string, name: string): Promise<ParsedExposition> {
  const sampler = makeSampler(targetFromDsn(url, name), shippedDefinitions(COLLECTORS));
  try {
    return parseExposition((await sampler.collect()).body.toString());
  } finally {
    await sampler.target.close();
  }
}

describe('replication collectors on a primary and its streaming standby (PostgreSQL 18)', () => {
  let primary: MajorServer;
  let standby: Standby;
  let onPrimary: ParsedExposition;
  let onStandby: ParsedExposition;

  beforeAll(async () => {
    primary = await startPostgresMajor(18);
    const admin = new pg.Client({ connectionString: primary.url() });
    await admin.connect();
    await admin.query("SELECT pg_create_physical_replication_slot('standby_slot', true)");
    await admin.end();
    standby = await startStandby(primary.server, 'standby_slot');
    onPrimary = await scrape(primary.url(), 'primary');
    onStandby = await scrape(standby.url, 'standby');
  });
  afterAll(async () => {
    await standby?.stop();
    await primary?.stop();
  });

  it('tells the primary from the standby', () => {
    expect(samplesOf(onPrimary, 'pg_replication_is_replica').map((s) => s.value)).toEqual([0]);
    expect(samplesOf(onStandby, 'pg_replication_is_replica').map((s) => s.value)).toEqual([1]);
    expect(samplesOf(onStandby, 'pg_replication_lag_seconds')).toHaveLength(1);
  });

  it('shows the connected standby on the primary, with its slot', () => {
    const lag = samplesOf(onPrimary, 'pg_stat_replication_pg_wal_lsn_diff');
    expect(lag).toHaveLength(1);
    expect(Object.keys(lag[0]?.labels ?? {}).sort()).toEqual(['application_name', 'client_addr', 'slot_name', 'state']);
    // inet::text keeps the netmask, exactly as postgres_exporter's client_addr::text does.
    expect(lag[0]?.labels).toMatchObject({
      slot_name: 'standby_slot',
      state: 'streaming',
      client_addr: '127.0.0.1/32',
    });
    expect(lag[0]?.value).toBeGreaterThanOrEqual(0);
    expect(samplesOf(onPrimary, 'pg_stat_replication_pg_current_wal_lsn_bytes')[0]?.value).toBeGreaterThan(0);
  });

  it('marks the slot active and reports its confirmed flush position', () => {
    const slot = { slot_name: 'standby_slot', slot_type: 'physical' };
    expect(samplesOf(onPrimary, 'pg_replication_slots_slot_is_active')).toEqual([
      { name: 'pg_replication_slots_slot_is_active', labels: slot, value: 1 },
    ]);
    expect(samplesOf(onPrimary, 'pg_replication_slots_slot_confirmed_flush_lsn').map((s) => s.labels)).toEqual([slot]);
  });

  it('shows the WAL receiver on the standby', () => {
    const labels = { upstream_host: '127.0.0.1', slot_name: 'standby_slot', status: 'streaming' };
    for (const family of [
      'pg_stat_wal_receiver_receive_start_lsn',
      'pg_stat_wal_receiver_flushed_lsn',
      'pg_stat_wal_receiver_received_tli',
      'pg_stat_wal_receiver_latest_end_lsn',
      'pg_stat_wal_receiver_last_msg_receipt_time',
    ]) {
      expect(samplesOf(onStandby, family).map((s) => s.labels)).toEqual([labels]);
    }
    expect(samplesOf(onPrimary, 'pg_stat_wal_receiver_flushed_lsn')).toEqual([]);
  });
});
