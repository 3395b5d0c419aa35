/**
 * @module http/replica-metrics
 * The replica's gauges on /metrics (read at scrape time from store/replica.ts), registered by
 * metrics.ts only when Holler runs under Litestream with LITESTREAM_ADDR.
 */
import { Gauge, type Registry } from 'prom-client';
import type { ReplicaState, ReplicaStatus } from '../store/replica.ts';

const STATES: ReplicaState[] = ['current', 'behind', 'unreachable', 'starting'];

export function replicaGauges(registers: Registry[], status: () => ReplicaStatus) {
  new Gauge({
    name: 'holler_replica_current', help: "1 while Litestream's replica holds everything Litestream has read of the WAL (within 30 s), else 0", registers,
    collect() { this.set(status().state === 'current' ? 1 : 0); },
  });
  new Gauge({
    name: 'holler_replica_state', help: "Litestream's replica: current, behind (not current for 30 s), unreachable (Litestream's metrics do not answer) or starting; 1 for the state it is in", labelNames: ['state'], registers,
    collect() {
      const now = status().state;
      for (const s of STATES) this.set({ state: s }, s === now ? 1 : 0);
    },
  });
  new Gauge({
    name: 'holler_replica_lag_seconds', help: "Seconds since Litestream's replica last held all of the WAL Litestream had read (0 = current now)", registers,
    collect() { this.set(status().lagSeconds); },
  });
  new Gauge({
    name: 'holler_replica_sync_errors', help: "Litestream's failed syncs since it started (its litestream_sync_error_count)", registers,
    collect() { this.set(status().syncErrors); },
  });
}
