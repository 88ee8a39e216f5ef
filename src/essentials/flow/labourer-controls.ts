import { type Clock, epochSecondsFloat, systemClock } from '../../core/clock.js';
import type { LabourerConfig } from '../../core/config/task-config.js';
import { SoswError } from '../../core/errors.js';
import {
  type ActiveControl,
  activeControl,
  type ControlAuthor,
  type ControlRate,
  controlRecordId,
  type LabourerControl,
  rateText,
} from '../../core/flow/control.js';
import {
  type ControlDuration,
  controlDurationSeconds,
  parseControlAuthor,
  parseControlRate,
  parseControlReason,
  parsePinnedMax,
} from '../../core/flow/control-input.js';
import { nextMicrosecond } from '../../core/task/store-arguments.js';
import type { ControlStore } from '../../ports/control-store.js';
import type { Logger } from '../../ports/logger.js';
import { silentLogger } from '../../ports/logger.js';
import type { MetaAction, MetaLog } from '../../ports/meta-log.js';

export type ControlledLabourer = Pick<LabourerConfig, 'id' | 'maxSimultaneousInvocations' | 'rateLimit' | 'adaptive'>;

export interface LabourerControlsOptions {
  readonly store: ControlStore;
  /** The project's labourers: controls of other ids fail with `labourer.unknown`. */
  readonly labourers: readonly ControlledLabourer[];
  /** Where each change is audited (task_id `control#<labourer>`). @defaultValue none */
  readonly metaLog?: MetaLog | undefined;
  /** @defaultValue systemClock */
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
}

/** The adaptive controller as `sosw status` shows it. */
export interface AdaptiveStatus {
  readonly target: number;
  /** The last decision in words (`error rate 12% > 5% → target 8 → 4`). */
  readonly reason: string;
  /** Epoch seconds of the last decision. */
  readonly at: number;
}

/** What `resetAdaptive` did: the control record after it, and the learned state it dropped (null: none was stored). */
export interface AdaptiveReset {
  readonly control: LabourerControl;
  readonly dropped: { readonly target: number; readonly ceiling: number | null } | null;
}

export interface ControlChange {
  /** Who makes the change (the CLI passes `--by`, else the OS user). */
  readonly by: string;
  readonly reason?: string | undefined;
}

export interface PauseOptions extends ControlChange {
  /** Pause for this long, then resume by itself. @defaultValue until `resume` */
  readonly for?: ControlDuration | undefined;
}

export interface LimitOptions extends ControlChange {
  /** Pinned `max_simultaneous_invocations`; at most the configured one. */
  readonly max?: number | string | undefined;
  /** Pinned rate (`'5/s'`, `'300/m'`); at most the configured `rate_limit`. */
  readonly rate?: string | ControlRate | undefined;
  /** The pin reverts by itself after this long. */
  readonly for: ControlDuration;
}

const PER_MINUTE = Object.freeze({ second: 60, minute: 1 });

/**
 * Pause, resume, drain and pin the limits of labourers at runtime, and reset their learned
 * adaptive state. Changes are stored in the
 * store every Orchestrator reads at the start of each tick, and audited as meta rows of task
 * `control#<labourer>` (who, when, why). Pins only lower: a pinned max above the labourer's
 * `max_simultaneous_invocations`, or a rate above its `rate_limit`, fails with `control.invalid`.
 *
 * @example
 * const controls = new LabourerControls({ store: controlStore, labourers, metaLog });
 * await controls.pause('fetch_prices', { by: 'alice', for: '30m', reason: 'db migration' });
 * await controls.limit('fetch_prices', { by: 'alice', max: 2, rate: '5/s', for: '1h' });
 */
export class LabourerControls {
  readonly #store: ControlStore;
  readonly #labourers: ReadonlyMap<string, ControlledLabourer>;
  readonly #metaLog: MetaLog | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  /** The last audit stamp written: two changes in one millisecond still get two rows. */
  #lastAudit = 0;

  public constructor(options: LabourerControlsOptions) {
    this.#store = options.store;
    this.#labourers = new Map(options.labourers.map((l) => [l.id, l]));
    this.#metaLog = options.metaLog;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Start nothing new for the labourer (running tasks finish), until `resume` or for `options.for`. */
  public async pause(labourerId: string, options: PauseOptions): Promise<LabourerControl> {
    this.#labourer(labourerId);
    const author = this.#author(options);
    const until = options.for === undefined ? null : author.at + controlDurationSeconds(options.for);
    const record = await this.#store.setHold(labourerId, { ...author, mode: 'paused', until });
    await this.#audit('paused', labourerId, author, { until });
    return record;
  }

  /** Start nothing new until `resume`; the status says `drained` once nothing runs. */
  public async drain(labourerId: string, options: ControlChange): Promise<LabourerControl> {
    this.#labourer(labourerId);
    const author = this.#author(options);
    const record = await this.#store.setHold(labourerId, { ...author, mode: 'draining', until: null });
    await this.#audit('draining', labourerId, author, {});
    return record;
  }

  /** End a pause or drain (pinned limits stay until their time or `clearLimit`). */
  public async resume(labourerId: string, options: ControlChange): Promise<LabourerControl> {
    this.#labourer(labourerId);
    const author = this.#author(options);
    const record = await this.#store.setHold(labourerId, null);
    await this.#audit('resumed', labourerId, author, {});
    return record;
  }

  /** Pin a lower max and / or rate for `options.for`; they revert by themselves. Replaces an earlier pin. */
  public async limit(labourerId: string, options: LimitOptions): Promise<LabourerControl> {
    const labourer = this.#labourer(labourerId);
    const author = this.#author(options);
    if (options.max === undefined && options.rate === undefined) {
      throw new SoswError('control.invalid', `A limit needs max and / or rate for labourer ${labourerId} (e.g. --max 2 --rate 5/s).`, {
        details: { field: 'max', labourerId },
      });
    }
    const max = options.max === undefined ? null : parsePinnedMax(options.max);
    if (max !== null && max > labourer.maxSimultaneousInvocations) {
      throw new SoswError(
        'control.invalid',
        `Invalid max: ${max} is above labourer ${labourerId}'s max_simultaneous_invocations ${labourer.maxSimultaneousInvocations}; a pin can only lower it (raise the config instead).`,
        { details: { field: 'max', received: max, allowed: labourer.maxSimultaneousInvocations, labourerId } },
      );
    }
    const rate = options.rate === undefined ? null : parseControlRate(options.rate);
    const configured = labourer.rateLimit;
    if (
      rate !== null &&
      configured !== undefined &&
      rate.invocations * PER_MINUTE[rate.per] > configured.invocations * PER_MINUTE[configured.per]
    ) {
      throw new SoswError(
        'control.invalid',
        `Invalid rate: ${rateText(rate)} is above labourer ${labourerId}'s rate_limit ${rateText(configured)}; a pin can only lower it.`,
        { details: { field: 'rate', received: rateText(rate), allowed: rateText(configured), labourerId } },
      );
    }
    const until = author.at + controlDurationSeconds(options.for);
    const record = await this.#store.setPin(labourerId, { ...author, max, rate, until });
    await this.#audit('limit_pinned', labourerId, author, { until, max, rate: rate === null ? null : rateText(rate) });
    return record;
  }

  /** Drop the labourer's pinned limits now. */
  public async clearLimit(labourerId: string, options: ControlChange): Promise<LabourerControl> {
    this.#labourer(labourerId);
    const author = this.#author(options);
    const record = await this.#store.setPin(labourerId, null);
    await this.#audit('limit_cleared', labourerId, author, {});
    return record;
  }

  /**
   * Drop the labourer's learned adaptive state (target, learned limit, cool-down): the controller
   * starts over from its `initial` target at the next tick, counting only outcomes from then on.
   * The cumulative outcome counters stay. The audit row keeps what was dropped (`target`,
   * `ceiling`, null when nothing was stored). A tick already running may still write its state
   * once: `sosw status` shows the target in force.
   */
  public async resetAdaptive(labourerId: string, options: ControlChange): Promise<AdaptiveReset> {
    const labourer = this.#labourer(labourerId);
    const author = this.#author(options);
    const [before] = await this.#store.readControls([labourerId]);
    const state = before?.adaptive ?? null;
    // State left by an adaptive config since removed may still be dropped; otherwise there is nothing to reset.
    if (state === null && labourer.adaptive === undefined) {
      throw new SoswError(
        'control.invalid',
        `Labourer ${labourerId} is not adaptive (no labourers.${labourerId}.adaptive in the project config) and has no learned adaptive state: there is nothing to reset. Use pause, drain or limit to control it.`,
        { details: { field: 'adaptive', labourerId } },
      );
    }
    const dropped = state === null ? null : { target: state.target, ceiling: state.ceiling };
    await this.#store.setAdaptive(labourerId, null);
    await this.#audit('adaptive_reset', labourerId, author, { target: dropped?.target ?? null, ceiling: dropped?.ceiling ?? null });
    const [after] = await this.#store.readControls([labourerId]);
    return { control: after ?? { labourerId, hold: null, pin: null }, dropped };
  }

  /** What is in force now for every labourer of the project (one store read). */
  public async active(): Promise<Map<string, ActiveControl>> {
    return (await this.overview()).active;
  }

  /** The adaptive controller's stored target and last reason per labourer that has one (one store read). */
  public async adaptive(): Promise<Map<string, AdaptiveStatus>> {
    return (await this.overview()).adaptive;
  }

  /** `active()` and `adaptive()` from one read of the control records (a status line needs both). */
  public async overview(): Promise<{ active: Map<string, ActiveControl>; adaptive: Map<string, AdaptiveStatus> }> {
    const ids = [...this.#labourers.keys()];
    const records = await this.#store.readControls(ids);
    const now = epochSecondsFloat(this.#clock);
    const byId = new Map(records.map((r) => [r.labourerId, r]));
    return {
      active: new Map(ids.map((id) => [id, activeControl(byId.get(id), now)])),
      adaptive: new Map(
        records.flatMap((r) =>
          r.adaptive == null ? [] : [[r.labourerId, { target: r.adaptive.target, reason: r.adaptive.reason, at: r.adaptive.at }]],
        ),
      ),
    };
  }

  #labourer(labourerId: string): ControlledLabourer {
    const labourer = this.#labourers.get(labourerId);
    if (labourer !== undefined) return labourer;
    const known = [...this.#labourers.keys()].join(', ') || 'none';
    throw new SoswError('labourer.unknown', `Unknown labourer ${JSON.stringify(labourerId)}; the project has: ${known}.`, {
      details: { labourerId, known: [...this.#labourers.keys()] },
    });
  }

  #author(change: ControlChange): ControlAuthor {
    return { by: parseControlAuthor(change?.by), at: epochSecondsFloat(this.#clock), reason: parseControlReason(change.reason) };
  }

  /** The audit row; the change is already stored, so a failed audit write is logged, not thrown. */
  async #audit(action: MetaAction, labourerId: string, author: ControlAuthor, extra: Record<string, unknown>): Promise<void> {
    if (this.#metaLog === undefined) return;
    const createdAt = author.at > this.#lastAudit ? author.at : nextMicrosecond(this.#lastAudit);
    this.#lastAudit = createdAt;
    try {
      await this.#metaLog.write([
        {
          taskId: controlRecordId(labourerId),
          createdAt,
          action,
          labourerId,
          author: author.by,
          extra: { ...extra, reason: author.reason },
        },
      ]);
    } catch (error) {
      this.#logger.warn({ labourerId, action, error: String(error) }, 'The control change is stored but its audit row was not written');
    }
  }
}
