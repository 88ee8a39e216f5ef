import type { LabourerConfig } from '../config/task-config.js';
import { type LabourerWindow, labourerWindow } from '../task/greenfield.js';

/** Ecology statuses: how healthy a labourer's environment is. */
export const ECO_STATUS = Object.freeze({ bad: 0, poor: 1, moderate: 2, good: 3, high: 4 } as const);
export type EcoStatus = (typeof ECO_STATUS)[keyof typeof ECO_STATUS];
export const ECO_STATUS_NAMES = Object.freeze(['Bad', 'Poor', 'Moderate', 'Good', 'High'] as const);

/**
 * A labourer as seen by one Orchestrator / Scavenger run: its settings plus the values computed
 * at the start of the run (the original's "custom attributes").
 */
export interface LabourerSnapshot extends LabourerWindow {
  readonly config: LabourerConfig;
  /** 0..4, worst health metric wins; 4 without metrics. */
  readonly health: EcoStatus;
  /** Seconds: configured max_duration, else the invoker's timeout, else duration. */
  readonly maxDuration: number;
  /** Seconds, from recent closed tasks (0 without history). */
  readonly averageDuration: number;
  readonly maxAttempts: number;
  readonly maxSimultaneousInvocations: number;
}

export interface SnapshotInputs {
  readonly nowSeconds: number;
  readonly delta: number;
  readonly health: EcoStatus;
  readonly invokerTimeoutSeconds?: number | undefined;
  readonly averageDuration: number;
}

/** Build the per-run snapshot in the original's order: markers, health, attempts, durations, cap. */
export function snapshotLabourer(config: LabourerConfig, inputs: SnapshotInputs): LabourerSnapshot {
  const window = labourerWindow(config.id, inputs.nowSeconds, {
    delta: inputs.delta,
    durationSeconds: config.durationSeconds,
    cooldownSeconds: config.cooldownSeconds,
  });
  return {
    ...window,
    config,
    health: inputs.health,
    maxDuration: config.maxDuration ?? inputs.invokerTimeoutSeconds ?? config.durationSeconds,
    averageDuration: inputs.averageDuration,
    maxAttempts: config.maxAttempts,
    maxSimultaneousInvocations: config.maxSimultaneousInvocations,
  };
}
