/**
 * Graceful shutdown of the embedded runtime: stop dispatching (triggers), let running work finish
 * up to a deadline (abandoned work simply expires and is retried after a restart), then close
 * what holds resources (the database). A second SIGINT/SIGTERM while stopping exits at once.
 */
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { DrainResult } from './in-process-invoker.js';

export interface StopSteps {
  /** Stop the triggers (waits for a tick in progress). */
  readonly stopDispatching: () => Promise<void>;
  /** Let running work end within `timeoutMs`. */
  readonly drain: (timeoutMs: number) => Promise<DrainResult>;
  /** Release resources (invoker, metrics, database). Runs even when an earlier step failed. */
  readonly close: () => Promise<void>;
}

export interface StopReport extends DrainResult {
  /** Milliseconds the whole stop took. */
  readonly tookMs: number;
}

/**
 * Run the stop sequence. `deadlineMs` bounds the drain step.
 *
 * @example
 * await gracefulStop({ stopDispatching, drain: (ms) => invoker.drain(ms), close: () => store.close() }, 10_000);
 */
export async function gracefulStop(steps: StopSteps, deadlineMs: number, logger: Logger = silentLogger): Promise<StopReport> {
  const startedAt = performance.now();
  let drained: DrainResult = { finished: true, abandoned: 0, dropped: 0 };
  try {
    await steps.stopDispatching();
    drained = await steps.drain(deadlineMs);
    if (!drained.finished) {
      logger.warn(
        { abandoned: drained.abandoned, dropped: drained.dropped, deadlineMs },
        'shutdown deadline passed: unfinished work will expire and be retried',
      );
    }
  } finally {
    await steps.close();
  }
  return { ...drained, tookMs: performance.now() - startedAt };
}

export interface SignalHandlingOptions {
  /** The graceful stop to run on the first signal. */
  readonly onSignal: (signal: NodeJS.Signals) => Promise<void>;
  /** @defaultValue ['SIGINT', 'SIGTERM'] */
  readonly signals?: readonly NodeJS.Signals[] | undefined;
  /** Called on a second signal while stopping. @defaultValue process.exit */
  readonly forceExit?: ((code: number) => void) | undefined;
  readonly logger?: Logger | undefined;
  /** Where to listen. @defaultValue process */
  readonly target?: NodeJS.EventEmitter | undefined;
}

/**
 * Listen for SIGINT/SIGTERM: the first one runs `onSignal` once, a second one forces an exit
 * (code 130). Returns a function that removes the listeners.
 */
export function handleShutdownSignals(options: SignalHandlingOptions): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const target = options.target ?? process;
  const logger = options.logger ?? silentLogger;
  const forceExit = options.forceExit ?? ((code: number): void => process.exit(code));
  let stopping = false;
  const listener = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      forceExit(130);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping: no new work, waiting for running work');
    options.onSignal(signal).catch((error: unknown) => {
      logger.error({ error: error instanceof Error ? error.message : String(error) }, 'graceful stop failed');
      forceExit(1);
    });
  };
  for (const signal of signals) target.on(signal, listener);
  return (): void => {
    for (const signal of signals) target.off(signal, listener);
  };
}
