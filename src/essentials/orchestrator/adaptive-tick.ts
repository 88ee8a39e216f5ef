import type { LabourerConfig } from '../../core/config/task-config.js';
import type { AdaptiveConfig } from '../../core/flow/adaptive/adaptive-config.js';
import { type AdaptiveDecision, type AdaptiveState, type AdaptiveStep, adaptiveStep } from '../../core/flow/adaptive/controller.js';
import { NO_OUTCOMES } from '../../core/flow/adaptive/outcomes.js';
import type { LabourerControl } from '../../core/flow/control.js';
import type { ControlStore } from '../../ports/control-store.js';
import type { Logger } from '../../ports/logger.js';

type AdaptiveLabourer = LabourerConfig & { readonly adaptive: AdaptiveConfig };

/**
 * The adaptive controller for one labourer in one tick: `decide` once the ecology's budget is known
 * (the dispatch then starts at most `limit - running`), `throttled` for every invocation the
 * invoker refused as throttled, then `save` writes the new state (one write per labourer per tick).
 */
export class AdaptiveTick {
  readonly #labourer: AdaptiveLabourer;
  readonly #record: LabourerControl | undefined;
  readonly #nowSeconds: number;
  #step: AdaptiveStep | undefined;
  #throttles = 0;

  private constructor(labourer: AdaptiveLabourer, record: LabourerControl | undefined, nowSeconds: number) {
    this.#labourer = labourer;
    this.#record = record;
    this.#nowSeconds = nowSeconds;
  }

  /** The tick of a labourer with `adaptive` config, else undefined (nothing changes for it). */
  public static of(labourer: LabourerConfig, record: LabourerControl | undefined, nowSeconds: number): AdaptiveTick | undefined {
    const adaptive = labourer.adaptive;
    return adaptive === undefined ? undefined : new AdaptiveTick({ ...labourer, adaptive }, record, nowSeconds);
  }

  /** One controller step from the stored state and counters; `ecologyBudget` is floor(cap x coefficient). */
  public decide(ecologyBudget: number, pinnedMax: number | null): AdaptiveDecision {
    this.#step = adaptiveStep(this.#labourer.adaptive, this.#record?.adaptive ?? null, {
      counts: this.#record?.outcomes ?? NO_OUTCOMES,
      ecologyBudget,
      pinnedMax,
      nowSeconds: this.#nowSeconds,
    });
    return this.#step.decision;
  }

  /** An invocation refused as throttled: a breach signal at the next decision. */
  public throttled(): void {
    this.#throttles += 1;
  }

  /** The state to store, or undefined when no decision was made this tick. */
  public state(): AdaptiveState | undefined {
    const step = this.#step;
    if (step === undefined) return undefined;
    return { ...step.state, pendingThrottles: step.state.pendingThrottles + this.#throttles };
  }

  /** Store the new state; a failed write is logged (the next tick decides again from the last stored state). */
  public async save(store: ControlStore | undefined, logger: Logger): Promise<void> {
    const state = this.state();
    if (store === undefined || state === undefined) return;
    try {
      await store.setAdaptive(this.#labourer.id, state);
    } catch (error) {
      logger.warn({ labourerId: this.#labourer.id, error: String(error) }, 'Could not store the adaptive concurrency state');
    }
  }
}
