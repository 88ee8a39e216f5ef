/**
 * `function_config_names` of the shared row: the own row of an essential when it is not
 * `<function>_config`. The `Sosw` stack writes it on existing tables, where it keeps the
 * original's rows and writes `<function>_stack_config` instead; the deployed function is told by
 * `SOSW_FUNCTION_CONFIG_NAME`, everything else (CLI, dashboard, another essential) by this key. Pure.
 */

import { describeValue, SoswError } from '../errors.js';
import { type ConfigDocument, isPlainObject } from './deep-merge.js';
import { DEPLOY_CONFIG_ROWS, type EssentialName } from './deploy-env.js';

const KEY = DEPLOY_CONFIG_ROWS.functionConfigNamesKey;

/**
 * The own row the shared row names for `essential`, or undefined. A key that is not an object of
 * row names fails with `config.invalid` naming the row.
 *
 * @example
 * namedOwnRow({ function_config_names: { scheduler: 'sosw_scheduler_stack_config' } }, 'scheduler', 'sosw_essential_config');
 * // 'sosw_scheduler_stack_config'
 */
export function namedOwnRow(shared: ConfigDocument | null, essential: EssentialName, sharedName: string): string | undefined {
  if (shared === null || !Object.hasOwn(shared, KEY)) return undefined;
  const names = shared[KEY];
  const value = isPlainObject(names) ? names[essential] : undefined;
  if (isPlainObject(names) && (value === undefined || (typeof value === 'string' && value !== ''))) return value as string | undefined;
  const field = isPlainObject(names) ? `${KEY}.${essential}` : KEY;
  throw new SoswError(
    'config.invalid',
    `${field} of config row ${sharedName} is ${describeValue(isPlainObject(names) ? value : names)}: it names each essential's own config row, e.g. {"${KEY}": {"scheduler": "sosw_scheduler_stack_config"}} (the Sosw stack writes it on existing tables). Fix the row, or remove the key to read <function>_config.`,
    { details: { field, row: sharedName } },
  );
}

/** The shared row without `function_config_names`, which names rows and configures no essential. */
export function withoutOwnRowNames(shared: ConfigDocument | null): ConfigDocument | null {
  if (shared === null || !Object.hasOwn(shared, KEY)) return shared;
  const { [KEY]: _names, ...rest } = shared;
  return rest;
}
