import type { AdaptiveState } from '../core/flow/adaptive/controller.js';
import type { OutcomeCounts } from '../core/flow/adaptive/outcomes.js';
import type { ControlHold, ControlPin, LabourerControl } from '../core/flow/control.js';

/** Outcomes of one labourer to add to its cumulative counters. */
export interface LabourerOutcomes {
  readonly labourerId: string;
  readonly counts: OutcomeCounts;
}

/**
 * Where operator controls live (a row per labourer in the store every Orchestrator reads). The
 * hold and the pin are written independently, so a pause never undoes a pin written at the same
 * moment. Every adapter passes test/contract/control-store.contract.ts.
 */
export interface ControlStore {
  /**
   * The control records of these labourers in one read (strongly consistent), in any order;
   * labourers without a record are left out. A record that cannot be parsed fails with `control.invalid`.
   */
  readControls(labourerIds: readonly string[]): Promise<LabourerControl[]>;
  /** Set (or, with null, clear) the labourer's hold; returns the whole record after the write. */
  setHold(labourerId: string, hold: ControlHold | null): Promise<LabourerControl>;
  /** Set (or, with null, clear) the labourer's pinned limits; returns the whole record after the write. */
  setPin(labourerId: string, pin: ControlPin | null): Promise<LabourerControl>;
  /** Replace (or, with null, remove) the labourer's adaptive controller state; the other parts stay. */
  setAdaptive(labourerId: string, state: AdaptiveState | null): Promise<void>;
  /**
   * Add to each labourer's cumulative outcome counters: one atomic increment per labourer, so
   * racing Scavengers never lose a count. Labourers with nothing to add are skipped.
   */
  addOutcomes(outcomes: readonly LabourerOutcomes[]): Promise<void>;
  close(): Promise<void>;
}
