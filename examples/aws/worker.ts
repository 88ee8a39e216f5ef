/**
 * The example's worker: greets whoever the task names, then reports completion to the
 * WorkerAssistant (`grantWorker` gave it the permission and SOSW_WORKER_ASSISTANT_FUNCTION).
 */
import { LambdaInvoker } from '../../src/aws.js';
import { DEPLOY_ENV } from '../../src/core/config/deploy-env.js';
import { defineWorker, lambdaHandler } from '../../src/index.js';

export const Greeter = defineWorker(async (payload: { name?: string }) => ({ greeting: `hello ${payload.name ?? 'world'}` }));

export const handler = lambdaHandler(Greeter, {
  invoker: new LambdaInvoker(),
  defaults: { sosw_worker_assistant_lambda: process.env[DEPLOY_ENV.workerAssistantFunction] ?? 'sosw_worker_assistant' },
});
