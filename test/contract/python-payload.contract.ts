/**
 * Tasks the original's Scavenger archived hold a Python-repr payload (`str(dict)`). Redriven, they
 * must be claimed with their payload read (a safe literal parser), not closed dead again.
 */
import { expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { resolveTaskConfig } from '../../src/core/config/task-config.js';
import { labourerWindow } from '../../src/core/task/greenfield.js';
import { TaskManager } from '../../src/essentials/task-manager/task-manager.js';
import type { TaskStore } from '../../src/ports/task-store.js';

export const PYTHON_REPR_PAYLOAD = "{'a': True, 'b': None, 'c': [1, 'x']}";
const NOW = 1_700_000_000;

/** `deadTask` leaves a dead task with PYTHON_REPR_PAYLOAD in the closed tasks of labourer `w` and returns its id. */
export function describePythonPayloadRedrive(
  open: () => Promise<{ store: TaskStore; deadTask(): Promise<string>; cleanup(): Promise<void> }>,
): void {
  it('redrives and claims a task whose payload is a Python repr, with the payload read', async () => {
    const { store, deadTask, cleanup } = await open();
    try {
      const taskId = await deadTask();
      expect(await store.redrive(taskId)).toMatchObject({ taskId, payload: PYTHON_REPR_PAYLOAD });
      const manager = new TaskManager({ store, config: resolveTaskConfig({ labourers: { w: {} } }), clock: new ManualClock(NOW * 1000) });
      const outcome = await manager.claim(labourerWindow('w', NOW), taskId);
      expect(outcome.status).toBe('claimed');
      expect(outcome.status === 'claimed' ? outcome.event : undefined).toMatchObject({ a: true, b: null, c: [1, 'x'], task_id: taskId });
    } finally {
      await cleanup();
    }
  });
}
