/**
 * The example's worker: greets whoever the task names, then reports completion to the
 * WorkerAssistant (`grantWorker` gave it the permission and SOSW_WORKER_ASSISTANT_FUNCTION).
 *
 * The Scheduler splits the job `{"names": ["ada", "grace"], "isolate_names": true}` by `name`,
 * so each task's payload carries a one-element list: `{"names": ["ada"], "isolate_names": true}`.
 */
import { defineWorker, lambdaHandler } from 'sosw';
import { LambdaInvoker } from 'sosw/aws';

export const Greeter = defineWorker(async (payload: { names?: string[] }) => ({
  greetings: (payload.names ?? ['world']).map((name) => `hello ${name}`),
}));

export const handler = lambdaHandler(Greeter, {
  invoker: new LambdaInvoker(),
  defaults: { sosw_worker_assistant_lambda: process.env.SOSW_WORKER_ASSISTANT_FUNCTION ?? 'sosw_worker_assistant' },
});
