/**
 * The runtime's heartbeat file (`<database>.status.json`): the running runtime writes what only it
 * knows (health, cap and last decision per labourer, counters) after its ticks, so `sosw status`
 * in another process can show it. Written atomically (temp file + rename).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** What a running runtime knows of a labourer (see LabourerStatus in runtime-status.ts). */
export interface LabourerHeartbeat {
  readonly health: number;
  /** `floor(max_simultaneous_invocations x coefficient)` at the last decision. */
  readonly cap: number;
  readonly maxSimultaneousInvocations: number;
  readonly lastDecision: { readonly at: number; readonly invoked: number; readonly reason: string } | null;
  readonly counters: Readonly<Record<string, number>>;
}

export interface RuntimeHeartbeat {
  readonly pid: number;
  readonly project: string;
  /** False in the last heartbeat of a stopped runtime (and of one driven step by step with tickOnce). */
  readonly running: boolean;
  /** Epoch milliseconds of the write. */
  readonly updatedAt: number;
  readonly startedAt: number;
  readonly labourers: Readonly<Record<string, LabourerHeartbeat>>;
}

/** The heartbeat path of a database file. */
export function heartbeatPath(dbPath: string): string {
  return `${dbPath}.status.json`;
}

export function writeHeartbeat(dbPath: string, heartbeat: RuntimeHeartbeat): void {
  const path = heartbeatPath(dbPath);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(heartbeat));
  renameSync(temp, path);
}

/** The last heartbeat, or null when there is none (or it is unreadable). */
export function readHeartbeat(dbPath: string): RuntimeHeartbeat | null {
  try {
    const parsed = JSON.parse(readFileSync(heartbeatPath(dbPath), 'utf8')) as RuntimeHeartbeat;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.updatedAt === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

/** True when a running runtime wrote the heartbeat within `maxAgeMs` and its process still exists. */
export function isHeartbeatLive(heartbeat: RuntimeHeartbeat, nowMs: number, maxAgeMs = 10_000): boolean {
  if (heartbeat.running !== true || nowMs - heartbeat.updatedAt > maxAgeMs) return false;
  try {
    process.kill(heartbeat.pid, 0);
    return true;
  } catch {
    return false;
  }
}
