/** Lambda entry of the Orchestrator (what the deployment bundles): ticks until the invocation's time runs out. */
import { createOrchestratorHandler } from '../essentials/orchestrator/handler.js';
import { lambdaRuntime } from './runtime.js';

export const handler = createOrchestratorHandler(() => lambdaRuntime('orchestrator', (essentials) => essentials.orchestrator()));
