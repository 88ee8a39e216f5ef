/**
 * Handing the rest of a job to a sibling invocation. Runs after the cursor was saved and the lock
 * released (the original spawned before uploading, weakness 2), and never loops forever: the
 * chain stops at `max_sibling_generations`, and a sibling that made no progress starts no other.
 */
import type { Invoker } from '../../ports/invoker.js';
import type { Logger } from '../../ports/logger.js';
import type { LoopOutcome } from './batch-loop.js';
import type { Handoff } from './options.js';

export interface HandoffDeps {
  readonly invoker?: Pick<Invoker, 'invoke'> | undefined;
  readonly functionName: string;
  readonly maxGenerations: number;
  readonly logger: Logger;
}

/** The continuation event a sibling receives. */
export interface ContinuationPayload {
  readonly file_name: string;
  readonly generation: number;
}

export async function handOff(deps: HandoffDeps, fileName: string, outcome: LoopOutcome, generation: number): Promise<Handoff> {
  const next = generation + 1;
  const fields = { jobId: outcome.jobId, queueFile: fileName, cursor: outcome.cursor, total: outcome.total, generation };
  if (generation > 0 && outcome.queued + outcome.skipped === 0) {
    deps.logger.error(fields, 'a sibling made no progress; not starting another (check shutdown_period against the time limit)');
    return 'noProgress';
  }
  if (next > deps.maxGenerations) {
    deps.logger.error(fields, 'max_sibling_generations reached; the queue file waits for a resume');
    return 'maxGenerations';
  }
  if (deps.invoker === undefined) return 'noInvoker';
  try {
    const payload: ContinuationPayload = { file_name: fileName, generation: next };
    await deps.invoker.invoke(deps.functionName, payload);
    deps.logger.info(fields, 'time is up: a sibling continues the job');
    return 'sibling';
  } catch (error) {
    deps.logger.error({ ...fields, error: String(error) }, 'could not start a sibling; the queue file waits for a resume');
    return 'failed';
  }
}
