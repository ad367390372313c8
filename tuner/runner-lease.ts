import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Lease } from '../db/trial-store.ts';

/** How often a runner refreshes the leases on what it holds. */
export const HEARTBEAT_MS = 2_000;
/**
 * A lease not refreshed for this long belongs to a runner that is gone (killed on another host, hung): many
 * heartbeats missed, so a runner busy for a moment (a slow disk, a garbage collection) never loses its work.
 */
export const STALE_AFTER_MS = 30_000;

/** This process as a holder of leases: `host:pid`. */
export function thisRunner(): string {
  return `${hostname()}:${process.pid}`;
}

const CLIENT_PREFIX = 'client:';

/**
 * The lease holder of one trial given to a client over the HTTP API: unique per trial, so that a client's epochs and
 * heartbeats keep alive only the trial they are about (a client may hold several, or die on one and go on with another).
 */
export function clientLease(worker: string): string {
  return `${CLIENT_PREFIX}${worker}:${randomUUID()}`;
}

/** Whether a lease holder is a client (see clientLease) rather than a runner. */
export function isClientLease(holder: string | undefined): boolean {
  return holder?.startsWith(CLIENT_PREFIX) ?? false;
}

/**
 * Whether a client holding `lease` went silent: no epoch or heartbeat for its study's `lease_s` (a client's epochs may
 * be long, so it is judged by the spec's lease, not by STALE_AFTER_MS).
 */
export function clientSilent(lease: Lease | null, leaseS: number, now = Date.now()): boolean {
  return !lease || now - lease.heartbeatAt > leaseS * 1000;
}

/**
 * Whether the runner holding `lease` is gone, so that its work may be taken back: no lease at all, a heartbeat
 * older than STALE_AFTER_MS, or a process of this host that no longer exists. A fresh lease of a live runner, here
 * or elsewhere, is never taken.
 */
export function runnerGone(lease: Lease | null, now = Date.now()): boolean {
  if (!lease) return true;
  if (now - lease.heartbeatAt > STALE_AFTER_MS) return true;
  const colon = lease.runner.lastIndexOf(':');
  const pid = Number(lease.runner.slice(colon + 1));
  if (lease.runner.slice(0, colon) !== hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  return !processAlive(pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
