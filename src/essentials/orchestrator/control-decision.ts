import { type ActiveControl, type ControlHold, describeHold, describePin } from '../../core/flow/control.js';
import type { EcoStatus } from '../../core/labourer/labourer.js';
import type { MetricReading } from '../ecology/ecology.js';
import { type DispatchDecision, NOTHING_DISPATCHED } from './decision.js';

/** What a held labourer's decision reports besides the hold: the tick's facts. */
export interface HeldFacts {
  readonly tick: number;
  readonly labourerId: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly health: EcoStatus;
  readonly metrics: readonly MetricReading[];
  readonly running: number;
  readonly cap: number;
  readonly coefficient: number;
  readonly durationMs: number;
}

/** The operator control in force, in words, or undefined when none is. */
export function controlText(active: ActiveControl, nowSeconds: number): string | undefined {
  const parts = [
    ...(active.hold === null ? [] : [describeHold(active.hold, nowSeconds)]),
    ...(active.pin === null ? [] : [describePin(active.pin, nowSeconds)]),
  ];
  return parts.length === 0 ? undefined : parts.join('; ');
}

/** A paused or draining labourer's decision: nothing is started, whatever the queue and the health. */
export function heldDecision(f: HeldFacts, hold: ControlHold, active: ActiveControl): DispatchDecision {
  const nowSeconds = f.at / 1000;
  const control = controlText(active, nowSeconds);
  const running = `${f.running} still running`;
  const reason =
    hold.mode === 'paused'
      ? `${describeHold(hold, nowSeconds)}: nothing new is started (${running}).`
      : f.running > 0
        ? `${describeHold(hold, nowSeconds)}: nothing new is started; ${running}, drained when they finish.`
        : `drained: nothing runs and nothing new is started (${describeHold(hold, nowSeconds)}); sosw resume ${f.labourerId} starts it again.`;
  return {
    ...f,
    runningAfter: f.running,
    ...NOTHING_DISPATCHED,
    held: hold.mode,
    ...(active.pin?.max === null || active.pin === null ? {} : { pinnedMax: active.pin.max }),
    control,
    reason: active.pin === null ? reason : `${reason} Also ${describePin(active.pin, nowSeconds)}.`,
  };
}

/** The decision when the operator controls could not be read: fail closed, start nothing. */
export function controlsUnreadableReason(error: string): string {
  return `operator controls could not be read (${error}); nothing is started this tick, in case the labourer is paused.`;
}
