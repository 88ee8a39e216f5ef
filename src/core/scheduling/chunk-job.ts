/**
 * Attribute chunking (spec scheduler-chunking.md 7.3-7.4) as a generator: a job that expands to
 * millions of tasks is produced one task at a time and never sits in memory.
 *
 * Differences from the original, all listed in docs/compatibility/scheduler.md:
 * - keys next to a flattened, non-chunked level are kept (weakness 6);
 * - flat values at a non-last level are simply not looked into (weakness 7: the original crashed);
 * - a singular key produces each chunk once, and both spellings at once are rejected (weakness 8);
 * - a level whose attribute is missing still yields its task (the original yielded nothing).
 */
import { blockTasks, oneTask, type TaskBlock, taskRun } from './blocks.js';
import { batchSize, isolationRequested, rootFlags } from './flags.js';
import { attrKey, plural } from './names.js';
import { asList, invalidJob, isPlainObject, isTruthy, type JobObject, validateListOfVals, without } from './values.js';

/** The chunkable attribute names in configured order (singular, as in `chunkable_attrs`). */
export type ChunkableAttrs = readonly string[];

/**
 * `needs_chunking`: true when an isolation flag of the attribute at `index` is on in `data`, or
 * when one of its object values needs chunking at the next level (with this level's flags
 * pushed down; they override the sub-level's own flags of the same name).
 */
export function needsChunking(attrs: ChunkableAttrs, index: number, data: JobObject, path = 'job'): boolean {
  const attr = attrs[index];
  if (attr === undefined) return false;
  if (isolationRequested(attr, data, path)) return true;
  if (index + 1 >= attrs.length) return false;
  const key = attrKey(data, attr, path);
  if (key === undefined) return false;
  const root = rootFlags(data);
  for (const val of asList(data[key])) {
    if (!isPlainObject(val)) continue;
    for (const [name, sub] of Object.entries(val)) {
      if (isPlainObject(sub) && needsChunking(attrs, index + 1, { ...sub, ...root }, `${path}.${key}.${name}`)) return true;
    }
  }
  return false;
}

/**
 * `chunk_job(job, skeleton, attr)`: the tasks of one job (or sub-job) for the attribute at
 * `index`. Skeleton keys carry the upper levels (their flags and chosen values) down.
 *
 * @example
 * [...chunkJob({ isolate_sections: true, sections: ['a', 'b'] }, ['section'])];
 * // [{ isolate_sections: true, sections: ['a'] }, { isolate_sections: true, sections: ['b'] }]
 */
export function* chunkJob(job: JobObject, attrs: ChunkableAttrs, skeleton: JobObject = {}): Generator<JobObject> {
  for (const block of chunkBlocks(job, attrs, skeleton)) yield* blockTasks(block);
}

/** `chunkJob` as blocks of tasks (see blocks.ts): what the planner counts, skips and serialises. */
export function* chunkBlocks(
  job: JobObject,
  attrs: ChunkableAttrs,
  skeleton: JobObject = {},
  index = 0,
  path = 'job',
): Generator<TaskBlock> {
  const attr = attrs[index];
  if (attr === undefined) {
    yield oneTask({ ...job, ...skeleton });
    return;
  }
  const P = plural(attr);
  const batch = batchSize(attr, job, skeleton, path);
  const key = attrKey(job, attr, path);
  if (needsChunking(attrs, index, { ...job, ...skeleton }, path)) {
    if (key === undefined) {
      yield oneTask({ ...skeleton, ...job });
      return;
    }
    yield* chunkLevel(job, attrs, skeleton, index, key, batch ?? 1, `${path}.${key}`);
    return;
  }
  if (key !== undefined) {
    const value = job[key];
    const rest = without(job, key);
    if (!isTruthy(value)) {
      yield oneTask({ ...skeleton, ...rest });
      return;
    }
    const flat = tryFlatten(value, `${path}.${key}`);
    if (flat !== undefined) {
      yield taskRun({ ...skeleton, ...rest }, P, flat, batch ?? flat.length);
      return;
    }
  }
  yield oneTask({ ...skeleton, ...job });
}

function tryFlatten(value: unknown, path: string): unknown[] | undefined {
  try {
    return validateListOfVals(value, path);
  } catch {
    return undefined;
  }
}

/** The chunking branch of `chunk_job` for one level whose values sit under `key`. */
function* chunkLevel(
  job: JobObject,
  attrs: ChunkableAttrs,
  skeleton: JobObject,
  index: number,
  key: string,
  batch: number,
  path: string,
): Generator<TaskBlock> {
  const P = plural(attrs[index] as string);
  const vals = asList(job[key]);
  const base = { ...skeleton, ...without(job, key) };
  const last = index + 1 >= attrs.length;
  if (!vals.every(isPlainObject)) {
    yield taskRun(base, P, validateListOfVals(vals, path), batch);
    return;
  }
  for (const d of vals as JobObject[]) {
    const names = Object.keys(d);
    if (names.every((n) => d[n] === null)) {
      if (names.length > 0) yield taskRun(base, P, names, batch);
      continue;
    }
    for (const name of names) {
      const sub = d[name];
      const task = { ...base, [P]: [name] };
      if (isPlainObject(sub)) {
        if (last) yield oneTask({ ...task, ...sub });
        else yield* chunkBlocks(sub, attrs, task, index + 1, `${path}.${name}`);
      } else if (sub === null) {
        yield oneTask(task);
      } else {
        throw invalidJob(`${path}.${name}`, 'a value under a chunked level must be null or an object', sub);
      }
    }
  }
}
