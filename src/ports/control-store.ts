import type { ControlHold, ControlPin, LabourerControl } from '../core/flow/control.js';

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
  close(): Promise<void>;
}
