/** The fallback logger: one JSON line per entry on the console, filtered by `SOSW_LOG_LEVEL`. */
import { type Env, processEnv, readEnvChoice } from '../../core/config/env-keys.js';
import type { Logger } from '../../ports/logger.js';
import { safeJsonStringify } from './json-data.js';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

/**
 * A console logger writing JSON lines (CloudWatch and `jq` friendly). Errors in `fields.error`
 * are flattened to `{name, message, code}`; BigInts are written as digits, circular references as
 * `"[Circular]"`.
 *
 * @example
 * const logger = consoleJsonLogger({ SOSW_LOG_LEVEL: 'warn' });
 */
export function consoleJsonLogger(env: Env = processEnv()): Logger {
  const min = LEVELS.indexOf(readEnvChoice('logLevel', LEVELS, env) ?? 'info');
  const write =
    (level: Exclude<Level, 'silent'>) =>
    (fields: Record<string, unknown>, message: string): void => {
      if (LEVELS.indexOf(level) < min) return;
      // Never throws (BigInt, circular fields): a log line must not become a second failure.
      const line = safeJsonStringify({ level, message, ...fields }, (_key, value) =>
        value instanceof Error ? { name: value.name, message: value.message, code: (value as { code?: unknown }).code } : value,
      );
      if (level === 'error') console.error(line);
      else if (level === 'warn') console.warn(line);
      else console.log(line);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
