/** Lambda entry of the Scheduler (what the deployment bundles): `index.handler`. */
import { createSchedulerHandler } from '../essentials/scheduler/handler.js';
import { lambdaRuntime } from './runtime.js';

export const handler = createSchedulerHandler(() => lambdaRuntime('scheduler', (essentials) => essentials.scheduler()));
