import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SoswError } from '../../../core/errors.js';
import { isTerminal, type JobCounters, type JobRecord, type NewJob } from '../../../core/job/job.js';
import { JOB_FIELD_NAMES as J } from '../../../core/job/job-fields.js';
import { checkFinite, checkId, checkLimit } from '../../../core/task/store-arguments.js';
import type { JobPage, JobQuery, JobStore, JobTransition } from '../../../ports/job-store.js';
import { awsErrorName } from '../shared/aws-errors.js';
import { type BackoffOptions, resolveBackoff } from '../shared/backoff.js';
import { type ClientOrConfig, LazyClient } from '../shared/client-options.js';
import { documentClient } from './document-client.js';
import { DynamoSender } from './dynamo-sender.js';
import type { Item } from './items.js';
import { fromJobItem, JOB_LIST, JOB_LIST_VALUE, JOB_OPEN, JOB_OPEN_VALUE } from './jobs/job-items.js';
import { actionsDoneUpdate, createJobPut, listJobsQuery, setCountersUpdate, transitionUpdate } from './jobs/job-operations.js';
import { type DynamoTableNames, resolveDynamoTableNames } from './table-names.js';

export type DynamoJobStoreOptions = ClientOrConfig<DynamoDBClient, DynamoDBClientConfig> & {
  /** `jobs`, `jobsCreatedIndex`, `jobsOpenIndex` (defaults `sosw_jobs`, `sosw_jobs_by_created`, `sosw_jobs_open`). */
  readonly tableNames?: Partial<DynamoTableNames>;
  /** Retries of transaction conflicts and unprocessed batch items. */
  readonly backoff?: BackoffOptions;
};

function checkJobId(operation: string, jobId: unknown): string {
  return checkId(operation, 'jobId', jobId);
}

/** The cursor of a page: the index key of its last job (base64url JSON). */
function encodeCursor(item: Item, openOnly: boolean): string {
  const key = openOnly
    ? { [J.jobId]: item[J.jobId], [J.createdAt]: item[J.createdAt], [JOB_OPEN]: JOB_OPEN_VALUE }
    : { [J.jobId]: item[J.jobId], [J.createdAt]: item[J.createdAt], [JOB_LIST]: JOB_LIST_VALUE };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The index key `encodeCursor` wrote, for the same list (open jobs or all): anything else (a forged
 * or hand-edited cursor, or one from a list of other states) is `store.invalidArgument`. It used to
 * reach DynamoDB as the ExclusiveStartKey and fail as a 500 (on AWS, a misleading schemaMismatch).
 */
function decodeCursor(cursor: string, openOnly: boolean): Item {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key !== null && typeof key === 'object' && !Array.isArray(key)) {
      const k = key as Item;
      const partition = openOnly ? JOB_OPEN : JOB_LIST;
      const names = Object.keys(k).sort().join(',');
      const jobId = k[J.jobId];
      const createdAt = k[J.createdAt];
      if (
        names === [J.jobId, J.createdAt, partition].sort().join(',') &&
        typeof jobId === 'string' &&
        jobId !== '' &&
        typeof createdAt === 'number' &&
        Number.isFinite(createdAt) &&
        k[partition] === (openOnly ? JOB_OPEN_VALUE : JOB_LIST_VALUE)
      )
        return k;
    }
  } catch {
    // reported below
  }
  throw new SoswError(
    'store.invalidArgument',
    'list: cursor is not one this store returned for this list: pass the `cursor` of the previous page of the same query (same states).',
    { details: { field: 'cursor', value: cursor } },
  );
}

/**
 * Job records in the DynamoDB table `sosw_jobs` (see jobsTableDefinition). Creation is one
 * conditional Put (the idempotency key); every state change one conditional UpdateItem, so
 * exactly one of racing writers wins. Counters are added by DynamoTaskStore (`jobs: true`) inside
 * the transactions that close tasks; `closed` keeps their sum for the `whenSettled` condition.
 *
 * @example
 * const jobs = new DynamoJobStore({ tableNames: { jobs: 'sosw_jobs' } });
 * const open = await jobs.list({ states: ['running'], limit: 50 });
 */
export class DynamoJobStore implements JobStore {
  readonly #client: LazyClient<DynamoDBClient>;
  readonly #t: DynamoTableNames;
  readonly #sender: DynamoSender;

  public constructor(options: DynamoJobStoreOptions = {}) {
    this.#client = new LazyClient(options.client, () => new DynamoDBClient(options.clientConfig ?? {}));
    this.#t = resolveDynamoTableNames(options.tableNames);
    this.#sender = new DynamoSender(() => documentClient(this.#client.get()), resolveBackoff(options.backoff), { jobs: this.#t.jobs });
  }

  public get tableName(): string {
    return this.#t.jobs;
  }

  public async create(job: NewJob): Promise<{ readonly created: boolean; readonly job: JobRecord }> {
    checkJobId('create', job?.jobId);
    checkId('create', 'labourerId', job.labourerId);
    checkFinite('create', 'createdAt', job.createdAt);
    try {
      const input = createJobPut(this.#t, job, job.createdAt);
      await this.#sender.run('createJob', this.#t.jobs, (c) => c.send(new PutCommand(input)));
      return { created: true, job: fromJobItem(input.Item) as JobRecord };
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
    }
    const existing = await this.get(job.jobId);
    if (existing !== null) return { created: false, job: existing };
    throw new SoswError('store.conflict', `Job ${job.jobId} could not be created: an item with its id exists but is not a job record.`, {
      details: { jobId: job.jobId },
    });
  }

  public async get(jobId: string): Promise<JobRecord | null> {
    checkJobId('get', jobId);
    const response = await this.#sender.run('getJob', this.#t.jobs, (c) =>
      c.send(new GetCommand({ TableName: this.#t.jobs, Key: { [J.jobId]: jobId }, ConsistentRead: true })),
    );
    return fromJobItem(response.Item);
  }

  public async getMany(jobIds: readonly string[]): Promise<JobRecord[]> {
    const ids = [...new Set(jobIds.map((id, i) => checkId('getMany', `jobIds[${i}]`, id)))];
    if (ids.length === 0) return [];
    const items = await this.#sender.batchGet(
      'getJobs',
      this.#t.jobs,
      ids.map((id) => ({ [J.jobId]: id })),
    );
    const byId = new Map(items.map((item) => [String(item[J.jobId]), fromJobItem(item)]));
    return ids.flatMap((id) => {
      const job = byId.get(id);
      return job === undefined || job === null ? [] : [job];
    });
  }

  public async list(query: JobQuery): Promise<JobPage> {
    const limit = checkLimit('list', query?.limit);
    if (query.labourerId !== undefined) checkId('list', 'labourerId', query.labourerId);
    const states = query.states === undefined || query.states.length === 0 ? undefined : [...new Set(query.states)];
    const openOnly = states !== undefined && states.every((s) => !isTerminal(s));
    const input = listJobsQuery(this.#t, states, query.labourerId, openOnly);
    const start = query.cursor === undefined ? undefined : decodeCursor(query.cursor, openOnly);
    const items = await this.#sender.query(
      'listJobs',
      { ...input, ...(start === undefined ? {} : { ExclusiveStartKey: start }) },
      limit + 1,
    );
    const page = items.slice(0, limit);
    const jobs = page.flatMap((item) => {
      const job = fromJobItem(item);
      return job === null ? [] : [job];
    });
    const last = page[page.length - 1];
    return items.length > limit && last !== undefined ? { jobs, cursor: encodeCursor(last, openOnly) } : { jobs };
  }

  public async transition(jobId: string, change: JobTransition): Promise<JobRecord | null> {
    checkJobId('transition', jobId);
    checkFinite('transition', 'at', change?.at);
    if (change.planned !== undefined) checkFinite('transition', 'planned', change.planned);
    if (change.from.length === 0) return null;
    try {
      const response = await this.#sender.run('transitionJob', this.#t.jobs, (c) =>
        c.send(new UpdateCommand(transitionUpdate(this.#t, jobId, change))),
      );
      return fromJobItem(response.Attributes);
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return null;
      throw error;
    }
  }

  public async markActionsDone(jobId: string, at: number): Promise<void> {
    checkJobId('markActionsDone', jobId);
    checkFinite('markActionsDone', 'at', at);
    try {
      await this.#sender.run('markJobActionsDone', this.#t.jobs, (c) => c.send(new UpdateCommand(actionsDoneUpdate(this.#t, jobId, at))));
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
    }
  }

  public async setCounters(jobId: string, counters: JobCounters, at: number): Promise<JobRecord | null> {
    checkJobId('setCounters', jobId);
    checkFinite('setCounters', 'at', at);
    for (const key of ['completed', 'dead', 'cancelled'] as const) checkFinite('setCounters', key, counters?.[key]);
    try {
      const response = await this.#sender.run('setJobCounters', this.#t.jobs, (c) =>
        c.send(new UpdateCommand(setCountersUpdate(this.#t, jobId, counters, at))),
      );
      return fromJobItem(response.Attributes);
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return null;
      throw error;
    }
  }

  /** Destroy the client if this store created it. Idempotent. */
  public async close(): Promise<void> {
    this.#client.close();
  }
}
