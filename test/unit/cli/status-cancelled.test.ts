/** `sosw status` shows cancelled tasks apart from dead ones (human table, progress rows; --json is the status itself). */
import { describe, expect, it } from 'vitest';
import type { LabourerStatus, RuntimeStatus } from '../../../src/adapters/local/runtime-status.js';
import { progressRows, statusTable } from '../../../src/cli/commands/status.js';

function labourer(id: string, dead: number, cancelled: number): LabourerStatus {
  const places = { queued: 4, running: 1, expired: 0, reported: 0, retrying: 0, completed: 5 };
  return { labourerId: id, ...places, dead, cancelled, health: 4, cap: 2, maxSimultaneousInvocations: 2, lastDecision: null, counters: {} };
}

const status = (labourers: LabourerStatus[]): RuntimeStatus => ({ project: 'p', database: 'db', running: false, labourers });

describe('sosw status with cancelled tasks', () => {
  it('adds a CANCELLED column once some labourer has cancelled tasks, with dead counted apart', () => {
    const text = statusTable(status([labourer('a', 1, 3), labourer('b', 2, 0)]), 0);
    const [head, a, b] = text
      .split('\n')
      .slice(2, 5)
      .map((line) => line.trim().split(/\s+/));
    expect(head?.slice(-2)).toEqual(['DEAD', 'CANCELLED']);
    expect(a?.slice(-2)).toEqual(['1', '3']);
    expect(b?.slice(-2)).toEqual(['2', '0']);
    expect(statusTable(status([labourer('b', 2, 0)]), 0)).not.toContain('CANCELLED');
  });

  it('counts cancelled tasks as closed in the progress rows and names them', () => {
    const [row] = progressRows(status([labourer('a', 1, 3)]));
    expect(row).toMatchObject({ done: 9, total: 14 });
    expect(row?.detail).toContain('1 dead, 3 cancelled');
  });
});
