/**
 * Hostile input, table-driven: every case must fail with its coded SoswError (naming the field)
 * and write nothing: no task, no audit row, no queue file, no temporary file. The same cases are
 * listed with their codes in docs/operations.md ("Hostile input").
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { taskSizeLimit } from '../../src/adapters/aws/dynamodb/dynamo-enqueue.js';
import { FsBlobStore } from '../../src/adapters/local/fs-blob-store.js';
import { openSqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteMetaLog } from '../../src/adapters/sqlite/sqlite-meta-log.js';
import { SqliteTaskStore } from '../../src/adapters/sqlite/sqlite-task-store.js';
import { decodeUtf8 } from '../../src/cli/decode-utf8.js';
import { resolveSchedulerConfig } from '../../src/core/config/scheduler-config.js';
import { type ErrorCode, SoswError } from '../../src/core/errors.js';
import { resolveFieldNames } from '../../src/core/task/field-names.js';
import { Scheduler } from '../../src/essentials/scheduler/scheduler.js';

const root = mkdtempSync(join(tmpdir(), 'sosw-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CONFIG = {
  task_config: { labourers: { w: {} } },
  job_schema_variants: { default: { chunkable_attrs: ['section', 'store'] } },
  rows_to_process: 10,
};
const AT = Date.parse('2026-12-04T12:00:00Z');
const sections = (n: number): string[] => Array.from({ length: n }, (_, i) => `s${i}`);
/** 50 tasks: more than one batch, so the job gets a queue file first. */
const BIG_JOB = { lambda_name: 'w', isolate_sections: true, sections: sections(50) };

type WriteFile = (path: string, body: string, encoding: 'utf8') => Promise<void>;

/** A disk that fills up: writes half of the file, then fails with `code`. */
function fullDisk(code: string): WriteFile {
  return async (path, body) => {
    await writeFile(path, body.slice(0, body.length / 2));
    throw Object.assign(new Error(`${code}: no space left on device, write`), { code, errno: -28, syscall: 'write' });
  };
}

interface Case {
  readonly name: string;
  /** The Scheduler event (a JSON text is parsed with JSON.parse, as the CLI and Lambda do; a text that is not JSON is sent as it is). */
  readonly job?: unknown;
  readonly config?: unknown;
  readonly code: ErrorCode;
  /** The field the error names (details.field), when it has one. */
  readonly field?: string;
  readonly writeFile?: WriteFile;
  /** Make the database file hostile before the run. */
  readonly prepare?: (dbPath: string) => void;
  /** The store has DynamoDB's item size limit. */
  readonly dynamoLimit?: boolean;
}

const deep = (n: number): unknown => (n === 0 ? 1 : { a: deep(n - 1) });

const CASES: readonly Case[] = [
  // job schema names that are Object.prototype members
  {
    name: 'job_schema_name __proto__',
    job: { lambda_name: 'w', job_schema_name: '__proto__' },
    code: 'job.unknownSchema',
    field: 'job.job_schema_name',
  },
  {
    name: 'job_schema_name constructor',
    job: { lambda_name: 'w', job_schema_name: 'constructor' },
    code: 'job.unknownSchema',
    field: 'job.job_schema_name',
  },
  {
    name: 'job_schema_name toString',
    job: { lambda_name: 'w', job_schema_name: 'toString' },
    code: 'job.unknownSchema',
    field: 'job.job_schema_name',
  },
  {
    name: 'job_schema_name hasOwnProperty',
    job: { lambda_name: 'w', job_schema_name: 'hasOwnProperty' },
    code: 'job.unknownSchema',
    field: 'job.job_schema_name',
  },
  {
    name: 'job_schema_name 42 (not a text)',
    job: { lambda_name: 'w', job_schema_name: 42 },
    code: 'job.invalid',
    field: 'job.job_schema_name',
  },
  // labourer ids
  { name: 'lambda_name __proto__', job: '{"lambda_name": "__proto__"}', code: 'job.unknownLabourer', field: 'job.lambda_name' },
  { name: 'lambda_name constructor', job: { lambda_name: 'constructor' }, code: 'job.unknownLabourer', field: 'job.lambda_name' },
  { name: 'lambda_name missing', job: { a: 1 }, code: 'job.invalid', field: 'job.lambda_name' },
  { name: 'lambda_name empty', job: { lambda_name: '  ' }, code: 'job.invalid', field: 'job.lambda_name' },
  {
    name: 'config labourer id __proto__',
    job: { lambda_name: 'w' },
    config: JSON.parse('{"task_config": {"labourers": {"__proto__": {}, "w": {}}}}'),
    code: 'config.invalid',
    field: 'task_config.labourers.__proto__',
  },
  {
    name: 'config job schema __proto__',
    job: { lambda_name: 'w' },
    config: JSON.parse('{"task_config": {"labourers": {"w": {}}}, "job_schema_variants": {"__proto__": {"chunkable_attrs": ["section"]}}}'),
    code: 'config.invalid',
    field: 'job_schema_variants.__proto__',
  },
  // values JSON cannot carry
  { name: 'number 1e999 (Infinity)', job: '{"lambda_name": "w", "x": 1e999}', code: 'job.invalid', field: 'job.x' },
  {
    name: 'number -1e999 in a chunked list',
    job: '{"lambda_name": "w", "isolate_sections": true, "sections": [1, -1e999]}',
    code: 'job.invalid',
    field: 'job.sections[1]',
  },
  { name: 'NaN', job: { lambda_name: 'w', payload: { n: Number.NaN } }, code: 'job.invalid', field: 'job.payload.n' },
  { name: 'lone high surrogate in a value', job: '{"lambda_name": "w", "x": "a\\ud800b"}', code: 'job.invalid', field: 'job.x' },
  { name: 'lone low surrogate in a key', job: '{"lambda_name": "w", "\\udc00": 1}', code: 'job.invalid', field: 'job.\udc00' },
  { name: 'lone surrogate in lambda_name', job: '{"lambda_name": "w\\ud800"}', code: 'job.invalid', field: 'job.lambda_name' },
  {
    name: 'key __proto__ in the job',
    job: '{"lambda_name": "w", "payload": {"__proto__": {"polluted": true}}}',
    code: 'job.invalid',
    field: 'job.payload.__proto__',
  },
  { name: 'nesting 100 levels deep', job: { lambda_name: 'w', x: deep(100) }, code: 'job.invalid' },
  { name: 'BigInt value', job: { lambda_name: 'w', x: 10n }, code: 'job.invalid', field: 'job.x' },
  { name: 'function value', job: { lambda_name: 'w', x: () => 1 }, code: 'job.invalid', field: 'job.x' },
  { name: 'job text that is not JSON', job: '{"lambda_name": "w",', code: 'job.invalid', field: 'event' },
  { name: 'generated field task_id in the job', job: { lambda_name: 'w', task_id: 'x' }, code: 'job.invalid', field: 'job.task_id' },
  { name: 'payload text of a list', job: { lambda_name: 'w', payload: '[1, 2]' }, code: 'job.invalid', field: 'job.payload' },
  // periods
  {
    name: 'last_99999999999_days',
    job: { lambda_name: 'w', period: 'last_99999999999_days', isolate_days: true },
    code: 'job.invalid',
    field: 'job.period',
  },
  {
    name: 'last_3000000_days',
    job: { lambda_name: 'w', period: 'last_3000000_days', isolate_days: true },
    code: 'job.invalid',
    field: 'job.period',
  },
  { name: 'previous_1000000_days', job: { lambda_name: 'w', period: 'previous_1000000_days' }, code: 'job.invalid', field: 'job.period' },
  { name: '99999999_days_back', job: { lambda_name: 'w', period: '99999999_days_back' }, code: 'job.invalid', field: 'job.period' },
  { name: 'period last_1e3_days', job: { lambda_name: 'w', period: 'last_1e3_days' }, code: 'job.invalid', field: 'job.period' },
  { name: 'period 7 (a number)', job: { lambda_name: 'w', period: 7 }, code: 'job.invalid', field: 'job.period' },
  // size of a job and of its tasks
  {
    name: '1,001,000 tasks (over the default max_tasks_per_job)',
    job: { lambda_name: 'w', period: 'last_1001_days', isolate_days: true, isolate_sections: true, sections: sections(1000) },
    code: 'job.tooManyTasks',
    field: 'max_tasks_per_job',
  },
  {
    name: '11 tasks with max_tasks_per_job 10',
    job: { lambda_name: 'w', isolate_sections: true, sections: sections(11) },
    config: { ...CONFIG, max_tasks_per_job: 10 },
    code: 'job.tooManyTasks',
    field: 'max_tasks_per_job',
  },
  { name: 'max_tasks_per_job 0', job: { lambda_name: 'w' }, config: { ...CONFIG, max_tasks_per_job: 0 }, code: 'config.invalid' },
  {
    name: 'a 500 KB task on a store with the DynamoDB item limit',
    job: { lambda_name: 'w', isolate_sections: true, sections: [...sections(40), 'x'.repeat(500_000), ...sections(19)] },
    dynamoLimit: true,
    code: 'job.taskTooLarge',
    field: 'job',
  },
  // the store and the disk
  {
    name: 'a foreign sosw_tasks table in the database file',
    job: { lambda_name: 'w' },
    prepare: (dbPath) => {
      const db = new Database(dbPath);
      db.exec('CREATE TABLE sosw_tasks (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO sosw_tasks (name) VALUES (1)');
      db.close();
    },
    code: 'store.schemaMismatch',
    field: 'db',
  },
  { name: 'disk full (ENOSPC) writing the queue file', job: BIG_JOB, writeFile: fullDisk('ENOSPC'), code: 'store.noSpace' },
  { name: 'file too large (EFBIG) writing the queue file', job: BIG_JOB, writeFile: fullDisk('EFBIG'), code: 'store.noSpace' },
  { name: 'quota exceeded (EDQUOT) writing the queue file', job: BIG_JOB, writeFile: fullDisk('EDQUOT'), code: 'store.noSpace' },
];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Rows in every sosw table of the file (tasks, closed, retry, meta). */
function soswRows(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    let rows = 0;
    for (const table of ['sosw_tasks', 'sosw_closed_tasks', 'sosw_retry_tasks', 'sosw_tasks_meta']) {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
      if (exists) rows += (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    }
    return rows;
  } finally {
    db.close();
  }
}

function tablesOf(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map(
      (r) => r.name,
    );
  } finally {
    db.close();
  }
}

/** JSON text parsed as the CLI would; text that does not parse goes to the Scheduler as an event text. */
function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function attempt(c: Case, dir: string): Promise<unknown> {
  const dbPath = join(dir, 'sosw.db');
  const config = resolveSchedulerConfig(c.config ?? CONFIG);
  const database = openSqliteDatabase(dbPath);
  const store = new SqliteTaskStore({ database });
  const metaLog = new SqliteMetaLog({ database });
  try {
    const limited =
      c.dynamoLimit === true ? { enqueue: store.enqueue.bind(store), sizeLimit: taskSizeLimit(resolveFieldNames({})) } : store;
    const blobs = new FsBlobStore({ root: join(dir, 'blobs'), ...(c.writeFile === undefined ? {} : { writeFile: c.writeFile }) });
    const scheduler = new Scheduler({ config, store: limited, metaLog, blobs });
    const event = typeof c.job === 'string' ? parseOrText(c.job) : c.job;
    await scheduler.run(event, { planAtMs: AT });
    return undefined;
  } finally {
    await store.close();
    await metaLog.close();
    database.close();
  }
}

describe('hostile input: a coded error naming the field, and nothing written', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = mkdtempSync(join(root, 'case-'));
    const dbPath = join(dir, 'sosw.db');
    c.prepare?.(dbPath);
    const tablesBefore = c.prepare === undefined ? undefined : tablesOf(dbPath);

    const error = await attempt(c, dir).catch((e: unknown) => e);

    expect(SoswError.is(error), `expected a SoswError, got ${String(error)}`).toBe(true);
    expect((error as SoswError).code, (error as SoswError).message).toBe(c.code);
    if (c.field !== undefined) expect((error as SoswError).details.field).toBe(c.field);
    expect((error as SoswError).message.length).toBeGreaterThan(40);
    if (tablesBefore !== undefined) expect(tablesOf(dbPath)).toEqual(tablesBefore);
    else if (existsSync(dbPath)) expect(soswRows(dbPath)).toBe(0);
    expect(filesUnder(join(dir, 'blobs'))).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a job file that is not UTF-8 is refused with job.invalid naming the file and the byte', () => {
    const path = join(root, 'latin1.json');
    writeFileSync(path, Buffer.from([...Buffer.from('{"lambda_name": "w", "x": "caf'), 0xe9, ...Buffer.from('"}')]));
    let error: unknown;
    try {
      decodeUtf8(Buffer.from([...Buffer.from('{"lambda_name": "w", "x": "caf'), 0xe9, ...Buffer.from('"}')]), path, 'job.invalid');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'job.invalid', details: { path, offset: 30 } });
  });

  it('a read verb never creates the database file: store.notFound', () => {
    const path = join(root, 'nothing-here', 'sosw.db');
    let error: unknown;
    try {
      openSqliteDatabase(path, { create: false });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'store.notFound', details: { field: 'db', path } });
    expect(existsSync(path)).toBe(false);
  });
});

describe('disk full in the middle of a job (SQLite at its size limit)', () => {
  it('fails with store.noSpace, keeps whole batches only, and --resume then queues every task exactly once', async () => {
    const dir = mkdtempSync(join(root, 'full-'));
    const dbPath = join(dir, 'sosw.db');
    const config = resolveSchedulerConfig({ ...CONFIG, rows_to_process: 200 });
    const job = { lambda_name: 'w', isolate_sections: true, sections: sections(3000), pad: 'p'.repeat(200) };
    const database = openSqliteDatabase(dbPath);
    const store = new SqliteTaskStore({ database });
    const metaLog = new SqliteMetaLog({ database });
    const blobs = new FsBlobStore({ root: join(dir, 'blobs') });
    const scheduler = new Scheduler({ config, store, metaLog, blobs });
    try {
      const pages = database.pragma('page_count', { simple: true }) as number;
      database.pragma(`max_page_count = ${pages + 120}`);
      const error = await scheduler.run(job, { planAtMs: AT }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'store.noSpace' });
      const queued = (database.prepare('SELECT count(*) AS n FROM sosw_tasks').get() as { n: number }).n;
      expect(queued % 200, 'only whole batches are kept').toBe(0);
      expect(queued).toBeLessThan(3000);
      expect(filesUnder(join(dir, 'blobs')).filter((f) => f.endsWith('.sosw-tmp'))).toEqual([]);

      database.pragma('max_page_count = 1073741823');
      const resumed = await scheduler.resumePending();
      expect(resumed.map((r) => r.done)).toEqual([true]);
      const rows = database.prepare('SELECT count(*) AS n, count(DISTINCT payload) AS d FROM sosw_tasks').get() as { n: number; d: number };
      expect(rows).toEqual({ n: 3000, d: 3000 });
      expect(filesUnder(join(dir, 'blobs'))).toEqual([]);
    } finally {
      await store.close();
      await metaLog.close();
      database.close();
    }
  });
});
