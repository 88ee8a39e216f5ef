/**
 * The DynamoDB requests of one task over its whole life (created, invoked, completed, archived),
 * for sosw and for the Python original, as billable requests: the capacity model (`capacity.ts`)
 * turns them into units. Sizes come from sample items built with the original's attribute names.
 */
import { type BillableRequest, type IndexWrite, totalUnits, type Units } from './capacity.js';
import { dynamoItemBytes } from './item-size.js';
import { dynamoDollars } from './pricing.js';

export interface MixEntry {
  /** Life step: create, invoke, complete, archive. */
  readonly step: 'create' | 'invoke' | 'complete' | 'archive';
  readonly label: string;
  readonly request: BillableRequest;
  /** How many times per task the billed item is written or read. */
  readonly times: number;
  /** DynamoDB requests per task this entry takes (below `times` when items share a batch or transaction). */
  readonly requests: number;
}

export interface TaskShape {
  /** @defaultValue 'bench_worker' */
  readonly labourerId?: string;
  /** The task's payload (JSON text). @defaultValue a small payload of one section and one date */
  readonly payload?: string;
  /** Stats a worker reports. @defaultValue { rows: 1 } */
  readonly stats?: Readonly<Record<string, number>>;
}

export interface OriginalMixOptions extends TaskShape {
  /** Tasks already queued for the labourer when a task is created (its queue-position query reads them all). @defaultValue 1000 */
  readonly queued?: number;
}

/** Items of one task's life, with the original's attribute names (sosw writes the same ones). */
export function sampleItems(shape: TaskShape = {}): {
  task: Record<string, unknown>;
  completed: Record<string, unknown>;
  closed: Record<string, unknown>;
  closedProjected: Record<string, unknown>;
  audit: Record<string, unknown>;
  checkedKey: Record<string, unknown>;
} {
  const labourerId = shape.labourerId ?? 'bench_worker';
  const task = {
    task_id: '0123456789abcdef0123456789abcdef',
    labourer_id: labourerId,
    created_at: 1_764_900_000.123_456,
    greenfield: 1_796_457_600,
    attempts: 1,
    payload: shape.payload ?? '{"sections": ["s1"], "date_list": ["2024-04-04"]}',
  };
  const stats = Object.fromEntries(Object.entries(shape.stats ?? { rows: 1 }).map(([k, v]) => [`stat_${k}`, v]));
  const completed = { ...task, completed_at: 1_764_900_001, ...stats };
  const closed = { ...completed, labourer_id_task_status: `${labourerId}_1`, closed_at: 1_764_900_002 };
  const closedProjected = {
    task_id: closed.task_id,
    labourer_id_task_status: closed.labourer_id_task_status,
    closed_at: closed.closed_at,
    completed_at: closed.completed_at,
    greenfield: closed.greenfield,
    attempts: closed.attempts,
  };
  const audit = {
    task_id: task.task_id,
    created_at: 1_764_900_000.123_456,
    action: 'marked_as_completed',
    labourer_id: labourerId,
    author: 'sosw_worker_assistant',
    invocation_id: '6bbd8d3e-2f0c-4a5e-9a57-1f0b7c8a9d10',
    log_stream_name: '2026/12/05/[$LATEST]0123456789abcdef0123456789abcdef',
  };
  return { task, completed, closed, closedProjected, audit, checkedKey: { task_id: task.task_id } };
}

/** Query requests needed to read `bytes` (a page holds at most 1 MB), and their units. */
function pagedQuery(bytes: number): { request: BillableRequest; pages: number } {
  const pages = Math.max(1, Math.ceil(bytes / (1024 * 1024)));
  return { request: { kind: 'query', bytesRead: bytes / pages, consistency: 'eventual' }, pages };
}

/**
 * The original's requests per task (its own code paths; 11.15 requests counted on an emulator):
 * create = queue-position Query (reads the labourer's whole queue: it never sends `Limit`) + PutItem
 * task + PutItem audit; invoke = conditional UpdateItem (moves greenfield: an index key) + PutItem
 * audit, plus its share of the tick's queries; complete = UpdateItem + PutItem audit; archive =
 * Query by id + PutItem closed + DeleteItem + PutItem audit, plus its share of the completed-task query.
 */
export function originalCallMix(options: OriginalMixOptions = {}): MixEntry[] {
  const items = sampleItems(options);
  const task = dynamoItemBytes(items.task);
  const completed = dynamoItemBytes(items.completed);
  const audit = dynamoItemBytes(items.audit);
  const queue = pagedQuery((options.queued ?? 1000) * task);
  // The tick reads the head of the queue and the running tasks about 7 times per 100 tasks, a page of 100 each.
  const tickQuery: BillableRequest = { kind: 'query', bytesRead: 100 * task, consistency: 'eventual' };
  return [
    { step: 'create', label: 'Query queue position (whole queue)', request: queue.request, times: queue.pages, requests: queue.pages },
    {
      step: 'create',
      label: 'PutItem task (+ greenfield index)',
      request: put(task, [{ projectedBytes: task, change: 'put' }]),
      times: 1,
      requests: 1,
    },
    { step: 'create', label: 'PutItem audit created', request: put(audit), times: 1, requests: 1 },
    {
      step: 'invoke',
      label: 'UpdateItem claim (index key moves)',
      request: { kind: 'update', itemBytes: task, indexes: [{ projectedBytes: task, change: 'keyChange' }] },
      times: 1,
      requests: 1,
    },
    { step: 'invoke', label: 'PutItem audit invoked', request: put(audit), times: 1, requests: 1 },
    { step: 'invoke', label: 'Query head of queue / running', request: tickQuery, times: 0.07, requests: 0.07 },
    {
      step: 'complete',
      label: 'UpdateItem completed (+ index)',
      request: { kind: 'update', itemBytes: completed, indexes: [{ projectedBytes: completed, change: 'update' }] },
      times: 1,
      requests: 1,
    },
    { step: 'complete', label: 'PutItem audit completed', request: put(audit), times: 1, requests: 1 },
    {
      step: 'archive',
      label: 'Query task by id',
      request: { kind: 'query', bytesRead: completed, consistency: 'eventual' },
      times: 1,
      requests: 1,
    },
    { step: 'archive', label: 'Query completed tasks', request: tickQuery, times: 0.09, requests: 0.09 },
    {
      step: 'archive',
      label: 'PutItem closed (+ status index)',
      request: put(dynamoItemBytes(items.closed), [{ projectedBytes: dynamoItemBytes(items.closedProjected), change: 'put' }]),
      times: 1,
      requests: 1,
    },
    {
      step: 'archive',
      label: 'DeleteItem task (+ index)',
      request: { kind: 'delete', itemBytes: completed, indexes: [{ projectedBytes: completed, change: 'remove' }] },
      times: 1,
      requests: 1,
    },
    { step: 'archive', label: 'PutItem audit archived', request: put(audit), times: 1, requests: 1 },
  ];
}

export interface SoswMixOptions extends TaskShape {
  /**
   * The Scheduler's enqueue of its caller-chosen (job-derived) ids: `checked` (a conditional Put plus
   * ConditionChecks proving the id is in neither the closed nor the retry table, in transactions of
   * 33: a run's first batch, and every batch of a run whose first batch met existing ids), `fresh`
   * (conditional Puts on the live table only, transactions of 100: the batches after a first batch
   * written whole), `single` (what-if: one conditional PutItem per task, 1 unit instead of 2) or
   * `plain` (what-if: BatchWriteItem, no condition). @defaultValue 'fresh'
   */
  readonly enqueue?: 'checked' | 'fresh' | 'single' | 'plain';
  /** Tasks per Scheduler batch. @defaultValue 500 */
  readonly batch?: number;
  /** Tasks the Orchestrator claims per tick, and the Scavenger archives per page. @defaultValue 100 */
  readonly page?: number;
  /**
   * The `created`, `invoked` and `archived` audit rows: `batch` (what sosw sends: BatchWriteItem of
   * 25, a key written twice keeps the last row), `transactional` (before this change: conditional
   * Puts in TransactWriteItems of 100) or `none` (no meta table, and no row with the report either).
   * @defaultValue 'batch'
   */
  readonly audit?: 'transactional' | 'batch' | 'none';
  /**
   * The report and its audit row: `transaction` (what sosw sends: one TransactWriteItems of the
   * conditional update and the row) or `plain` (what-if: UpdateItem, then the row in a batch; a crash
   * between loses the row). @defaultValue 'transaction'
   */
  readonly report?: 'transaction' | 'plain';
  /**
   * The archive of a completed task: `ordered` (what sosw sends without job records: conditional
   * PutItem of the closed copy, the audit row, conditional DeleteItem), `transaction` (before this
   * change: Put + Delete in one TransactWriteItems) or with `jobs`, always the transaction of up to 49
   * tasks plus one job-counter update. @defaultValue 'ordered'
   */
  readonly archive?: 'ordered' | 'transaction';
  /** Job records on: archives keep their counter update in the same transaction. @defaultValue false */
  readonly jobs?: boolean;
}

/** Tasks per archive transaction with job counters (dynamo-job-moves: 2 actions per task, 1 counter update). */
const ARCHIVE_TASKS_PER_COUNTER_TRANSACTION = 49;

/**
 * sosw's requests per task on DynamoDB, as the lifecycle benchmark sends them through the real
 * engines: the `created`, `invoked` and `archived` audit rows in BatchWriteItem of 25, the claim one
 * conditional UpdateItem, the report and its audit row one transaction, the archive (without job
 * records) ordered plain writes: closed copy, audit row, conditional Delete of the live item.
 */
export function soswCallMix(options: SoswMixOptions = {}): MixEntry[] {
  const items = sampleItems(options);
  const task = dynamoItemBytes(items.task);
  const completed = dynamoItemBytes(items.completed);
  const audit = dynamoItemBytes(items.audit);
  const closed = dynamoItemBytes(items.closed);
  const closedIndex = [{ projectedBytes: dynamoItemBytes(items.closedProjected), change: 'put' as const }];
  const liveRemoved = [{ projectedBytes: completed, change: 'remove' as const }];
  const batch = options.batch ?? 500;
  const page = options.page ?? 100;
  const enqueue = options.enqueue ?? 'fresh';
  const checked = enqueue === 'checked';
  const auditMode = options.audit ?? 'batch';
  const archiveTransaction = options.jobs === true || options.archive === 'transaction';
  const auditRow = (step: MixEntry['step'], action: string): MixEntry[] =>
    auditMode === 'none'
      ? []
      : auditMode === 'batch'
        ? [{ step, label: `audit ${action} (BatchWriteItem of 25)`, request: put(audit), times: 1, requests: 1 / 25 }]
        : [{ step, label: `audit ${action} (TransactWriteItems of 100)`, request: put(audit, [], true), times: 1, requests: 1 / 100 }];
  const reportTransactional = auditMode !== 'none' && (options.report ?? 'transaction') === 'transaction';
  const indexPut = [{ projectedBytes: task, change: 'put' as const }];
  const enqueueEntry: MixEntry =
    enqueue === 'plain'
      ? { step: 'create', label: 'Put task (BatchWriteItem of 25)', request: put(task, indexPut), times: 1, requests: 1 / 25 }
      : enqueue === 'single'
        ? { step: 'create', label: 'PutItem task, conditional (one request per task)', request: put(task, indexPut), times: 1, requests: 1 }
        : {
            step: 'create',
            label: `Put task, conditional, in TransactWriteItems of ${checked ? 33 : 100}`,
            request: put(task, indexPut, true),
            times: 1,
            requests: 1 / (checked ? 33 : 100),
          };
  return [
    {
      step: 'create',
      label: 'Query newest queue position (Limit 1, per batch)',
      request: { kind: 'query', bytesRead: task, consistency: 'eventual' },
      times: 1 / batch,
      requests: 1 / batch,
    },
    enqueueEntry,
    ...(checked
      ? [
          {
            step: 'create' as const,
            label: 'ConditionCheck id not in closed / retry (2 per task)',
            request: { kind: 'conditionCheck' as const, itemBytes: dynamoItemBytes(items.checkedKey) },
            times: 2,
            requests: 0,
          },
        ]
      : []),
    ...auditRow('create', 'created'),
    {
      step: 'invoke',
      label: 'Query head of queue (page per tick)',
      request: { kind: 'query', bytesRead: page * task, consistency: 'eventual' },
      times: 1 / page,
      requests: 1 / page,
    },
    {
      step: 'invoke',
      label: 'UpdateItem claim, conditional (index key moves)',
      request: { kind: 'update', itemBytes: task, indexes: [{ projectedBytes: task, change: 'keyChange' }] },
      times: 1,
      requests: 1,
    },
    ...auditRow('invoke', 'invoked'),
    {
      step: 'complete',
      label: reportTransactional
        ? 'report: Update task (+ index) in one transaction with its audit row'
        : 'report: UpdateItem task, conditional (+ index)',
      request: {
        kind: 'update',
        itemBytes: completed,
        transactional: reportTransactional,
        indexes: [{ projectedBytes: completed, change: 'update' }],
      },
      times: 1,
      requests: 1,
    },
    ...(reportTransactional
      ? [
          {
            step: 'complete' as const,
            label: 'report: Put audit row (same transaction)',
            request: put(audit, [], true),
            times: 1,
            requests: 0,
          },
        ]
      : auditRow('complete', 'completed')),
    {
      step: 'archive',
      label: 'Query completed tasks (page)',
      request: { kind: 'query', bytesRead: page * completed, consistency: 'eventual' },
      times: 1 / page,
      requests: 1.4 / page,
    },
    ...(archiveTransaction
      ? [
          {
            step: 'archive' as const,
            label: `archive: Put closed (+ status index) in one transaction${options.jobs === true ? ` of ${ARCHIVE_TASKS_PER_COUNTER_TRANSACTION} tasks` : ''}`,
            request: put(closed, closedIndex, true),
            times: 1,
            requests: options.jobs === true ? 1 / ARCHIVE_TASKS_PER_COUNTER_TRANSACTION : 1,
          },
          {
            step: 'archive' as const,
            label: 'archive: Delete task, conditional (+ index), same transaction',
            request: { kind: 'delete' as const, itemBytes: completed, transactional: true, indexes: liveRemoved },
            times: 1,
            requests: 0,
          },
          ...(options.jobs === true
            ? [
                {
                  step: 'archive' as const,
                  label: "archive: the job's counter update, same transaction (one per job per transaction)",
                  request: { kind: 'update' as const, itemBytes: 300, transactional: true },
                  times: 1 / ARCHIVE_TASKS_PER_COUNTER_TRANSACTION,
                  requests: 0,
                },
              ]
            : []),
        ]
      : [
          {
            step: 'archive' as const,
            label: 'archive 1: PutItem closed, conditional (+ status index)',
            request: put(closed, closedIndex),
            times: 1,
            requests: 1,
          },
          {
            step: 'archive' as const,
            label: 'archive 3: DeleteItem task, conditional (+ index)',
            request: { kind: 'delete' as const, itemBytes: completed, indexes: liveRemoved },
            times: 1,
            requests: 1,
          },
        ]),
    ...auditRow('archive', archiveTransaction ? 'archived' : 'archived (archive 2: between the Put and the Delete)'),
  ];
}

/**
 * The floor: the cheapest mix that keeps the original's tables and indexes and one audit row per
 * change: every write plain or conditional outside transactions (one conditional PutItem per created
 * task, a plain report followed by its row). Its writes are the original's own 15 per task; only the
 * reads differ (sosw never reads the whole queue).
 */
export function floorCallMix(shape: TaskShape = {}): MixEntry[] {
  return soswCallMix({ ...shape, enqueue: 'single', audit: 'batch', report: 'plain', archive: 'ordered' });
}

function put(bytes: number, indexes: readonly IndexWrite[] = [], transactional = false): BillableRequest {
  return { kind: 'put', itemBytes: bytes, transactional, indexes };
}

export interface MixSummary {
  readonly requests: number;
  readonly units: Units;
  readonly byStep: Readonly<Record<MixEntry['step'], Units & { requests: number }>>;
}

/** Requests and units per task of a mix, in all and by life step. */
export function summariseMix(mix: readonly MixEntry[]): MixSummary {
  const byStep = {} as Record<MixEntry['step'], Units & { requests: number }>;
  let requests = 0;
  for (const entry of mix) {
    const u = totalUnits([entry]);
    const s = byStep[entry.step] ?? { write: 0, read: 0, requests: 0 };
    byStep[entry.step] = { write: s.write + u.write, read: s.read + u.read, requests: s.requests + entry.requests };
    requests += entry.requests;
  }
  return { requests, units: totalUnits(mix), byStep };
}

/** Bytes of the original's queue-position query per created task with `queued` tasks waiting. */
export function originalQueueBytes(queued: number, shape: TaskShape = {}): number {
  return queued * dynamoItemBytes(sampleItems(shape).task);
}

/**
 * The smallest queue depth (in steps of `step` tasks) at which the original's cost per task is at
 * least `factor` times `units` (by request units, or by on-demand dollars), or null if not reached by
 * `maxQueued`. The original's reads grow with its queue (its position query reads all of it); sosw's do not.
 */
export function queuedForFactor(
  units: Units,
  factor: number,
  measure: 'units' | 'dollars',
  options: { readonly step?: number; readonly maxQueued?: number } = {},
): number | null {
  const cost = (u: Units): number => (measure === 'units' ? u.write + u.read : dynamoDollars(u));
  const target = factor * cost(units);
  const step = options.step ?? 100;
  for (let queued = step; queued <= (options.maxQueued ?? 1_000_000); queued += step) {
    if (cost(summariseMix(originalCallMix({ queued })).units) >= target) return queued;
  }
  return null;
}
