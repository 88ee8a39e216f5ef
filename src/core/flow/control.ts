/**
 * Operator controls of a labourer, stored in the task store and read by every Orchestrator once
 * per tick: a hold (paused, optionally until a time, or draining) and a pin (lower limits until a
 * time). Times are epoch seconds; expiry is decided by whoever reads, with its own clock, so a
 * control reverts by itself without anybody writing.
 */
import type { AdaptiveState } from './adaptive/controller.js';
import type { OutcomeCounts } from './adaptive/outcomes.js';

export const HOLD_MODES = ['paused', 'draining'] as const;
/** `paused`: start nothing (until `until`, when set). `draining`: start nothing until resumed; "drained" once nothing runs. */
export type HoldMode = (typeof HOLD_MODES)[number];

/** Who changed a control, when and why. */
export interface ControlAuthor {
  /** Operator name (`--by`, else the OS user). */
  readonly by: string;
  /** Epoch seconds of the change. */
  readonly at: number;
  readonly reason: string | null;
}

export interface ControlHold extends ControlAuthor {
  readonly mode: HoldMode;
  /** Epoch seconds when a pause ends by itself; null: until resumed. Always null for `draining`. */
  readonly until: number | null;
}

/** A rate limit: at most `invocations` per `per`. */
export interface ControlRate {
  readonly invocations: number;
  readonly per: 'second' | 'minute';
}

/** Pinned limits: they can only lower what the labourer's config and health allow. */
export interface ControlPin extends ControlAuthor {
  /** Pinned `max_simultaneous_invocations` (a ceiling on top of the ecology's cap), or null. */
  readonly max: number | null;
  /** Pinned rate (a ceiling on top of the configured `rate_limit`), or null. */
  readonly rate: ControlRate | null;
  /** Epoch seconds when the pin reverts by itself. */
  readonly until: number;
}

/** The stored control record of one labourer (either part may be absent). */
export interface LabourerControl {
  readonly labourerId: string;
  readonly hold: ControlHold | null;
  readonly pin: ControlPin | null;
  /** The adaptive controller's state (labourers with `adaptive` config), or null / absent. */
  readonly adaptive?: AdaptiveState | null | undefined;
  /** Cumulative outcome counters the Scavenger adds to (labourers with `adaptive` config). */
  readonly outcomes?: OutcomeCounts | undefined;
}

/** What is in force at one moment: expired parts dropped. */
export interface ActiveControl {
  readonly hold: ControlHold | null;
  readonly pin: ControlPin | null;
}

export const NO_CONTROL: ActiveControl = Object.freeze({ hold: null, pin: null });

/** The parts of `control` still in force at `nowSeconds` (a pause or pin whose `until` <= now has ended). */
export function activeControl(control: LabourerControl | undefined, nowSeconds: number): ActiveControl {
  if (control === undefined) return NO_CONTROL;
  const hold = control.hold !== null && (control.hold.until === null || control.hold.until > nowSeconds) ? control.hold : null;
  const pin = control.pin !== null && control.pin.until > nowSeconds ? control.pin : null;
  return hold === null && pin === null ? NO_CONTROL : { hold, pin };
}

/** The key of a labourer's control record where it shares a table with tasks: `control#<labourerId>`. */
export function controlRecordId(labourerId: string): string {
  return `control#${labourerId}`;
}

/** `14:30:05 UTC` when on the same UTC day as `nowSeconds`, else `2026-12-05 14:30:05 UTC`. */
export function formatControlTime(atSeconds: number, nowSeconds: number): string {
  const iso = new Date(Math.round(atSeconds * 1000)).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(Math.round(nowSeconds * 1000)).toISOString().slice(0, 10);
  return `${sameDay ? iso.slice(11, 19) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`} UTC`;
}

function reasonText(reason: string | null): string {
  return reason === null ? '' : ` (reason: ${reason})`;
}

/** `paused by alice until 14:30:00 UTC (reason: db migration)`, `draining (set by bob at ...)`. */
export function describeHold(hold: ControlHold, nowSeconds: number): string {
  if (hold.mode === 'draining') return `draining: set by ${hold.by} at ${formatControlTime(hold.at, nowSeconds)}${reasonText(hold.reason)}`;
  const until = hold.until === null ? 'until resumed' : `until ${formatControlTime(hold.until, nowSeconds)}`;
  return `paused by ${hold.by} ${until}${reasonText(hold.reason)}`;
}

export function rateText(rate: ControlRate): string {
  return `${rate.invocations}/${rate.per === 'second' ? 's' : 'm'}`;
}

/** `limit pinned by bob until 15:00:00 UTC: max 2, rate 5/s (reason: slow db)`. */
export function describePin(pin: ControlPin, nowSeconds: number): string {
  const parts = [...(pin.max === null ? [] : [`max ${pin.max}`]), ...(pin.rate === null ? [] : [`rate ${rateText(pin.rate)}`])];
  return `limit pinned by ${pin.by} until ${formatControlTime(pin.until, nowSeconds)}: ${parts.join(', ')}${reasonText(pin.reason)}`;
}

export const CONTROL_STATES = ['active', 'paused', 'draining', 'drained'] as const;
/** A labourer's dispatch state as operators see it: `drained` is `draining` with nothing running. */
export type ControlState = (typeof CONTROL_STATES)[number];

export function controlState(active: ActiveControl, running: number): ControlState {
  if (active.hold === null) return 'active';
  if (active.hold.mode === 'paused') return 'paused';
  return running > 0 ? 'draining' : 'drained';
}

/** The control in force, in words for `sosw status` (empty when nothing is in force). */
export function describeControl(active: ActiveControl, running: number, nowSeconds: number): string {
  const parts: string[] = [];
  if (active.hold !== null) {
    const state = controlState(active, running);
    parts.push(
      state === 'drained'
        ? `drained (nothing runs; ${describeHold(active.hold, nowSeconds)})`
        : state === 'draining'
          ? `${describeHold(active.hold, nowSeconds)}; ${running} still running`
          : describeHold(active.hold, nowSeconds),
    );
  }
  if (active.pin !== null) parts.push(describePin(active.pin, nowSeconds));
  return parts.join('; ');
}

/** A labourer's control as `sosw status` shows it. */
export interface ControlStatus {
  readonly state: ControlState;
  /** In words; empty when no control is in force. */
  readonly text: string;
  readonly hold: ControlHold | null;
  readonly pin: ControlPin | null;
}

export function controlStatus(active: ActiveControl, running: number, nowSeconds: number): ControlStatus {
  return { state: controlState(active, running), text: describeControl(active, running, nowSeconds), hold: active.hold, pin: active.pin };
}
