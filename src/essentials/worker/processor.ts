/**
 * The Processor: config assembly (once per container), stats and `die()`; the base of workers
 * and the place essentials get their config from (spec processor-config.md).
 */
import { type ConfigDocument, deepMergeAll, isPlainObject } from '../../core/config/deep-merge.js';
import { type Env, functionNameFromEnv, isTestStage, processEnv } from '../../core/config/env-keys.js';
import { describeValue, SoswError } from '../../core/errors.js';
import type { ConfigSource } from '../../ports/config-source.js';
import type { Logger } from '../../ports/logger.js';
import type { Notifier } from '../../ports/notifier.js';
import { consoleJsonLogger } from './default-logger.js';
import { Stats, type StatsSnapshot } from './stats.js';

/** The shared config document of the four essentials. */
export const ESSENTIAL_CONFIG_NAME = 'sosw_essential_config';

/** The name of a function's own config document: `<function name>_config`. */
export function functionConfigName(functionName: string): string {
  return `${functionName}_config`;
}

/** Inputs of the config assembly. */
export interface ConfigAssemblyOptions {
  /** Picks `<functionName>_config`. @defaultValue env `AWS_LAMBDA_FUNCTION_NAME`, then `SOSW_FUNCTION_NAME`; none → not read */
  readonly functionName?: string | undefined;
  /** Class defaults (the original's `DEFAULT_CONFIG`). @defaultValue `{}` */
  readonly defaults?: Readonly<ConfigDocument> | undefined;
  /** Where named documents come from. @defaultValue none: only defaults and explicit config */
  readonly configSource?: ConfigSource | undefined;
  /** Explicit options; they win over everything. @defaultValue `{}` */
  readonly config?: Readonly<ConfigDocument> | undefined;
  /** Essentials also read `sosw_essential_config`. @defaultValue false */
  readonly essential?: boolean | undefined;
  /** @defaultValue `process.env` */
  readonly env?: Env | undefined;
}

/** The assembled config and which documents were read (for logs and tests). */
export interface AssembledConfig {
  readonly functionName: string | undefined;
  readonly config: Readonly<ConfigDocument>;
  readonly documentsRead: readonly string[];
}

async function readDocument(source: ConfigSource, name: string): Promise<ConfigDocument | null> {
  let document: unknown;
  try {
    document = await source.get(name);
  } catch (error) {
    if (SoswError.is(error)) throw error;
    throw new SoswError('config.sourceUnavailable', `Could not read config document ${name}: ${String(error)}. Check the config source.`, {
      details: { name },
      cause: error,
    });
  }
  if (document === null || document === undefined) return null;
  if (!isPlainObject(document)) {
    throw new SoswError('config.invalid', `Config document ${name} must be a JSON object, got ${describeValue(document)}.`, {
      details: { name },
    });
  }
  return document;
}

/**
 * Assemble a config: defaults < `sosw_essential_config` (essentials only) < `<function>_config`
 * < explicit options, merged with `deepMerge`. Unlike the original, the shared essential config
 * overrides class defaults (weakness 52). Each document is read once.
 *
 * @example
 * const { config } = await assembleConfig({ functionName: 'sosw_orchestrator', essential: true, configSource, defaults });
 */
export async function assembleConfig(options: ConfigAssemblyOptions): Promise<AssembledConfig> {
  const functionName = options.functionName ?? functionNameFromEnv(options.env ?? processEnv());
  const names = [
    ...(options.essential ? [ESSENTIAL_CONFIG_NAME] : []),
    ...(functionName === undefined ? [] : [functionConfigName(functionName)]),
  ];
  const source = options.configSource;
  const documents = source ? await Promise.all(names.map((name) => readDocument(source, name))) : [];
  const config = deepMergeAll(options.defaults, ...documents, options.config);
  return { functionName, config: deepFreeze(config), documentsRead: source ? names : [] };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function lifetimeKeys(config: Readonly<ConfigDocument>): string[] {
  const value = config.lifetime_stats_params;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((key) => typeof key === 'string')) {
    throw new SoswError('config.invalid', `Config lifetime_stats_params must be a list of stat names, got ${describeValue(value)}.`, {
      details: { field: 'lifetime_stats_params' },
    });
  }
  return value;
}

/** Everything a Processor is made of once its config is known. */
export interface ProcessorParts {
  readonly functionName?: string | undefined;
  readonly config?: Readonly<ConfigDocument> | undefined;
  /** Delivers `die()` notices. @defaultValue none: the notice is only logged */
  readonly notifier?: Notifier | undefined;
  /** @defaultValue a JSON console logger */
  readonly logger?: Logger | undefined;
  /** Test mode; explicit value wins over `STAGE` (weakness 59). */
  readonly test?: boolean | undefined;
}

/** Options of {@link Processor.create}: config assembly plus the processor's collaborators. */
export type ProcessorOptions = ConfigAssemblyOptions & Omit<ProcessorParts, 'config'>;

/**
 * Config, stats and `die()`. Build it once per container with `Processor.create()`; nested
 * components get their config section passed down instead of re-reading it (weakness 51).
 *
 * @example
 * const processor = await Processor.create({ functionName: 'my_worker', configSource, defaults: { batch: 10 } });
 * processor.stats.increment('rows');
 */
export class Processor {
  public readonly functionName: string | undefined;
  public readonly config: Readonly<ConfigDocument>;
  public readonly stats: Stats;
  public readonly logger: Logger;
  public readonly test: boolean;
  readonly #notifier: Notifier | undefined;
  /** `die()` notices on their way (each never rejects). */
  readonly #notices = new Set<Promise<void>>();

  public constructor(parts: ProcessorParts = {}) {
    this.functionName = parts.functionName;
    this.config = parts.config ?? {};
    this.stats = new Stats(lifetimeKeys(this.config));
    this.logger = parts.logger ?? consoleJsonLogger();
    this.test = parts.test ?? false;
    this.#notifier = parts.notifier;
  }

  /** Assemble the config (reading the config source) and build the processor. */
  public static async create(options: ProcessorOptions = {}): Promise<Processor> {
    const env = options.env ?? processEnv();
    const assembled = await assembleConfig({ ...options, env });
    const processor = new Processor({
      ...options,
      functionName: assembled.functionName,
      config: assembled.config,
      test: isTestStage(env, options.test),
    });
    processor.logger.debug({ documentsRead: assembled.documentsRead, config: assembled.config }, 'Processor config assembled');
    return processor;
  }

  /** A nested section of the config (`task_config`, ...), `{}` when absent. */
  public section(key: string): Readonly<ConfigDocument> {
    const value = this.config[key];
    if (value === undefined || value === null) return {};
    if (!isPlainObject(value)) {
      throw new SoswError('config.invalid', `Config ${key} must be an object, got ${describeValue(value)}.`, { details: { field: key } });
    }
    return value;
  }

  /** A copy of the counters. */
  public getStats(): StatsSnapshot {
    return this.stats.snapshot();
  }

  /** Carry counters over into `total_*` (see Stats.reset). */
  public resetStats(): void {
    this.stats.reset();
  }

  /**
   * Give up: log, start sending `<function> died` through the Notifier, and throw a
   * `processor.died` error. Unlike the original it does not exit the process (weakness 58).
   *
   * It throws synchronously although it is typed `Promise<never>` (so `await die()` and
   * `return die()` read naturally): a handler that forgets the `await` is still stopped by the
   * throw and reported failed, instead of finishing "completed" and leaving a rejected promise
   * nobody handles (which ends the embedded runtime). The notice is sent in the background and
   * never rejects (delivery errors are logged); `noticesSent()` waits for it, as the Worker does
   * before reporting, so a Lambda container is not frozen with the notice half sent.
   */
  public die(message = 'Unknown Failure', cause?: unknown): Promise<never> {
    const subject = `${this.functionName ?? 'Some Function'} died`;
    this.logger.error({ status: 'failed', ...(cause === undefined ? {} : { error: cause }), stats: this.getStats() }, message);
    // Only a throwing logger could reject it: nothing is left to tell then.
    const notice = this.#sendNotice(subject, message).catch(() => undefined);
    this.#notices.add(notice);
    void notice.then(() => this.#notices.delete(notice));
    throw new SoswError('processor.died', `${subject}: ${message}`, { details: { functionName: this.functionName }, cause });
  }

  /** `die()` notices still being sent. */
  public get pendingNotices(): number {
    return this.#notices.size;
  }

  /** Resolves once every `die()` notice started so far is delivered or logged as undeliverable. */
  public async noticesSent(): Promise<void> {
    await Promise.all(this.#notices);
  }

  async #sendNotice(subject: string, message: string): Promise<void> {
    if (this.#notifier === undefined) {
      this.logger.warn({ subject }, 'die(): no notifier configured, the notice was only logged');
      return;
    }
    try {
      await this.#notifier.notify(subject, [message]);
    } catch (error) {
      this.logger.error({ error, subject }, 'die(): the notice could not be delivered');
    }
  }
}
