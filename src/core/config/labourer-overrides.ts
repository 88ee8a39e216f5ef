/**
 * Labourers an essential's own row redefines over `sosw_essential_config`. The own row wins the
 * merge (as in the original), so a Python-era `task_config.labourers` left in
 * `sosw_orchestrator_config` silently keeps its old caps, or a labourer removed from the shared
 * row, after a migration. Not refused: per-essential overrides are legal and a refusal would stop
 * every essential of a running deployment; reported instead, naming what wins and the fix. Rows
 * of the original layout (labourers only in own rows, none in the shared row) report nothing. Pure.
 */
import { type ConfigDocument, isPlainObject } from './deep-merge.js';

/** A field of a labourer whose own-row value wins over the shared row's. */
export interface OverriddenField {
  /** Path under the labourer, dotted (`max_simultaneous_invocations`, `health_metrics.cpu.feelings`). */
  readonly field: string;
  /** The own row's value: the one in force. */
  readonly own: unknown;
  /** The shared row's value; undefined where the shared row does not set the field. */
  readonly shared: unknown;
}

/** One labourer an own row defines differently from (or in addition to) the shared row. */
export interface LabourerOverride {
  readonly kind: 'labourerOverride';
  /** The essential's own row, e.g. `sosw_orchestrator_config`. */
  readonly row: string;
  /** The shared row, e.g. `sosw_essential_config`. */
  readonly sharedRow: string;
  readonly labourerId: string;
  /** True when the shared row does not declare the labourer at all (the essential still works on it). */
  readonly onlyInOwnRow: boolean;
  /** Fields whose own-row value wins (empty when `onlyInOwnRow`). */
  readonly fields: readonly OverriddenField[];
  /** The warning, with the fix. */
  readonly message: string;
}

export interface OverrideRows {
  /** What works on the labourers, for the message (`sosw_orchestrator`). */
  readonly essential: string;
  readonly shared: { readonly name: string; readonly value: ConfigDocument | null };
  readonly own: { readonly name: string; readonly value: ConfigDocument | null };
}

function labourersOf(row: ConfigDocument | null): ConfigDocument | undefined {
  const task = row?.task_config;
  if (!isPlainObject(task) || !isPlainObject(task.labourers)) return undefined;
  return task.labourers;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Leaf paths of `own` (arrays and scalars are leaves) whose value differs from `shared`'s. */
function differences(own: unknown, shared: unknown, path: readonly string[], out: OverriddenField[]): void {
  if (isPlainObject(own)) {
    for (const [key, value] of Object.entries(own)) {
      differences(value, isPlainObject(shared) ? shared[key] : undefined, [...path, key], out);
    }
    return;
  }
  if (!same(own, shared)) out.push({ field: path.length === 0 ? '(the whole labourer)' : path.join('.'), own, shared });
}

const show = (value: unknown): string => (value === undefined ? 'not set' : JSON.stringify(value));

function message(rows: OverrideRows, labourerId: string, onlyInOwnRow: boolean, fields: readonly OverriddenField[]): string {
  const own = rows.own.name;
  const shared = rows.shared.name;
  const fix = `Remove task_config.labourers from ${own} (a registration left from Python sosw: see docs/migrate-from-python.md), so that ${shared} alone declares the labourers.`;
  if (onlyInOwnRow) {
    return `Config row ${own} defines labourer ${JSON.stringify(labourerId)} under task_config.labourers, but ${shared} does not declare it: ${rows.essential} still works on it. ${fix}`;
  }
  const wins = fields.map((f) => `${f.field} = ${show(f.own)} (${shared}: ${show(f.shared)})`).join(', ');
  return `Config row ${own} redefines labourer ${JSON.stringify(labourerId)} of ${shared}, and its values win: ${rows.essential} uses ${wins}. ${fix}`;
}

/**
 * The labourers `rows.own` defines over `rows.shared` with other values, or that only it defines.
 * Empty when either row has no `task_config.labourers` object.
 *
 * @example
 * labourerOverrides({
 *   essential: 'sosw_orchestrator',
 *   shared: { name: 'sosw_essential_config', value: { task_config: { labourers: { w: { max_simultaneous_invocations: 2 } } } } },
 *   own: { name: 'sosw_orchestrator_config', value: { task_config: { labourers: { w: { max_simultaneous_invocations: 5 } } } } },
 * })[0]?.fields; // [{ field: 'max_simultaneous_invocations', own: 5, shared: 2 }]
 */
export function labourerOverrides(rows: OverrideRows): LabourerOverride[] {
  const shared = labourersOf(rows.shared.value);
  const own = labourersOf(rows.own.value);
  // The original's layout (labourers only in own rows) has nothing to diverge from.
  if (shared === undefined || own === undefined || Object.keys(shared).length === 0) return [];
  const out: LabourerOverride[] = [];
  for (const [labourerId, definition] of Object.entries(own)) {
    const onlyInOwnRow = !Object.hasOwn(shared, labourerId);
    const fields: OverriddenField[] = [];
    if (!onlyInOwnRow) differences(definition, shared[labourerId], [], fields);
    if (!onlyInOwnRow && fields.length === 0) continue;
    out.push({
      kind: 'labourerOverride',
      row: rows.own.name,
      sharedRow: rows.shared.name,
      labourerId,
      onlyInOwnRow,
      fields,
      message: message(rows, labourerId, onlyInOwnRow, fields),
    });
  }
  return out;
}
