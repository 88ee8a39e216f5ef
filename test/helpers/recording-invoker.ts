/** Test helpers around the RecordingInvoker shipped to users (src/adapters/local/recording-invoker.ts). */
import { RecordingInvoker } from '../../src/adapters/local/recording-invoker.js';
import { DEFAULT_WORKER_ASSISTANT, type WorkerReportEvent } from '../../src/essentials/worker/types.js';

export { RecordingInvoker };

/** The WorkerAssistant reports an invoker received, oldest first. */
export function reportsOf(invoker: RecordingInvoker, assistant: string = DEFAULT_WORKER_ASSISTANT): WorkerReportEvent[] {
  return invoker.eventsFor(assistant) as WorkerReportEvent[];
}

/** A `sleep` that records the requested waits and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number): Promise<void> => {
      waits.push(ms);
    },
  };
}
