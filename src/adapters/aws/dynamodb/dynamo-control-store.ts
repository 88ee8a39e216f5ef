import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AdaptiveState } from '../../../core/flow/adaptive/controller.js';
import { isEmptyOutcomes, NO_OUTCOMES, type OutcomeCounts } from '../../../core/flow/adaptive/outcomes.js';
import {
  checkAdaptiveArgument,
  checkOutcomesArgument,
  storedAdaptiveState,
  storedOutcomes,
} from '../../../core/flow/adaptive/stored-state.js';
import type { ControlHold, ControlPin, LabourerControl } from '../../../core/flow/control.js';
import { checkHoldArgument, checkPinArgument, storedHold, storedPin } from '../../../core/flow/control-input.js';
import { resolveFieldNames, type TaskFieldNames } from '../../../core/task/field-names.js';
import { checkId, checkIds } from '../../../core/task/store-arguments.js';
import type { ControlStore, LabourerOutcomes } from '../../../ports/control-store.js';
import { type BackoffOptions, resolveBackoff } from '../shared/backoff.js';
import { type ClientOrConfig, LazyClient } from '../shared/client-options.js';
import { documentClient } from './document-client.js';
import { DynamoSender } from './dynamo-sender.js';
import type { Item } from './items.js';
import {
  addOutcomesUpdate,
  CONTROL_ADAPTIVE,
  CONTROL_HOLD,
  CONTROL_LABOURER,
  CONTROL_PIN,
  controlKey,
  OUTCOME_COMPLETED,
  OUTCOME_FAILED,
  OUTCOME_THROTTLED,
  outcomeRunAttribute,
  setAdaptiveUpdate,
  setControlPartUpdate,
} from './operations/controls.js';

export type DynamoControlStoreOptions = ClientOrConfig<DynamoDBClient, DynamoDBClientConfig> & {
  /**
   * The tasks table, where each labourer's control is one item keyed `control#<labourerId>`.
   * @defaultValue `'sosw_tasks'`
   */
  readonly tableName?: string;
  /** The original's `dynamo_db_config.field_names` (for the task id key attribute). */
  readonly fieldNames?: Readonly<Record<string, string>>;
  readonly backoff?: BackoffOptions;
};

/**
 * Operator controls on DynamoDB: one item per labourer in the tasks table, key `control#<labourerId>`,
 * with the hold and the pin as maps. The item has no labourer_id and no greenfield, so the
 * greenfield index (and with it every queue query, ours and the original's) never sees it.
 * `readControls` is one strongly consistent BatchGetItem for up to 100 labourers.
 *
 * @example
 * const controls = new DynamoControlStore({ tableName: 'sosw_tasks' });
 * const records = await controls.readControls(['fetch_prices']);
 */
export class DynamoControlStore implements ControlStore {
  readonly #client: LazyClient<DynamoDBClient>;
  readonly #sender: DynamoSender;
  readonly #table: string;
  readonly #f: TaskFieldNames;

  public constructor(options: DynamoControlStoreOptions = {}) {
    this.#client = new LazyClient(options.client, () => new DynamoDBClient(options.clientConfig ?? {}));
    this.#table = options.tableName ?? 'sosw_tasks';
    this.#sender = new DynamoSender(() => documentClient(this.#client.get()), resolveBackoff(options.backoff), { tasks: this.#table });
    this.#f = resolveFieldNames(options.fieldNames);
  }

  public async readControls(labourerIds: readonly string[]): Promise<LabourerControl[]> {
    checkIds('readControls', labourerIds, 'labourerIds');
    const keys = [...new Set(labourerIds)].map((id) => controlKey(this.#f, id));
    if (keys.length === 0) return [];
    const items = await this.#sender.batchGet('readControls', this.#table, keys, true);
    return items.map(fromControlItem);
  }

  public async setHold(labourerId: string, hold: ControlHold | null): Promise<LabourerControl> {
    checkId('setHold', 'labourerId', labourerId);
    return this.#set('setHold', labourerId, 'hold', hold === null ? null : { ...checkHoldArgument('setHold', hold) });
  }

  public async setPin(labourerId: string, pin: ControlPin | null): Promise<LabourerControl> {
    checkId('setPin', 'labourerId', labourerId);
    return this.#set('setPin', labourerId, 'pin', pin === null ? null : { ...checkPinArgument('setPin', pin) });
  }

  public async setAdaptive(labourerId: string, state: AdaptiveState | null): Promise<void> {
    checkId('setAdaptive', 'labourerId', labourerId);
    const value = state === null ? null : { ...checkAdaptiveArgument('setAdaptive', state) };
    const input = setAdaptiveUpdate(this.#table, this.#f, labourerId, value);
    await this.#sender.run('setAdaptive', this.#table, (c) => c.send(new UpdateCommand(input)));
  }

  /** One UpdateItem (`ADD`) per labourer with something to add, in parallel. */
  public async addOutcomes(outcomes: readonly LabourerOutcomes[]): Promise<void> {
    const checked = outcomes.map((o) => {
      checkId('addOutcomes', 'labourerId', o?.labourerId);
      return { labourerId: o.labourerId, counts: checkOutcomesArgument('addOutcomes', o.counts) };
    });
    await Promise.all(
      checked
        .filter((o) => !isEmptyOutcomes(o.counts))
        .map((o) => {
          const input = addOutcomesUpdate(this.#table, this.#f, o.labourerId, o.counts);
          return this.#sender.run('addOutcomes', this.#table, (c) => c.send(new UpdateCommand(input)));
        }),
    );
  }

  /** Destroy the client if this store created it. Idempotent. */
  public async close(): Promise<void> {
    this.#client.close();
  }

  async #set(
    operation: string,
    labourerId: string,
    part: 'hold' | 'pin',
    value: Readonly<Record<string, unknown>> | null,
  ): Promise<LabourerControl> {
    const input = setControlPartUpdate(this.#table, this.#f, labourerId, part, value);
    const response = await this.#sender.run(operation, this.#table, (c) => c.send(new UpdateCommand(input)));
    return fromControlItem((response.Attributes ?? { [CONTROL_LABOURER]: labourerId }) as Item);
  }
}

/** A control item as a record; unreadable parts are `control.invalid`. */
export function fromControlItem(item: Item): LabourerControl {
  const labourerId = String(item[CONTROL_LABOURER] ?? '');
  return {
    labourerId,
    hold: storedHold(item[CONTROL_HOLD], labourerId),
    pin: storedPin(item[CONTROL_PIN], labourerId),
    // Present only when stored, so records of labourers without `adaptive` look as before.
    ...(item[CONTROL_ADAPTIVE] === undefined ? {} : { adaptive: storedAdaptiveState(item[CONTROL_ADAPTIVE]) }),
    ...(Object.keys(item).some((k) => k.startsWith('outcome_')) ? { outcomes: outcomesOfItem(item) } : {}),
  };
}

/** The `outcome_*` numbers of a control item (absent ones are 0). */
function outcomesOfItem(item: Item): OutcomeCounts {
  const n = (name: string): number => Number(item[name] ?? 0);
  return storedOutcomes({
    completed: n(OUTCOME_COMPLETED),
    failed: n(OUTCOME_FAILED),
    throttled: n(OUTCOME_THROTTLED),
    runTimes: NO_OUTCOMES.runTimes.map((_, i) => n(outcomeRunAttribute(i))),
  });
}
