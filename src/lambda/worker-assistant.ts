/** Lambda entry of the WorkerAssistant (what the deployment bundles). */
import { createWorkerAssistantHandler } from '../essentials/worker-assistant/handler.js';
import { lambdaRuntime } from './runtime.js';

export const handler = createWorkerAssistantHandler(() => lambdaRuntime('worker_assistant', (essentials) => essentials.workerAssistant()));
