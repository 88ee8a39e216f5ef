import { describe, it } from 'vitest';
import type { TaskStore } from '../../../src/ports/task-store.js';
import { expectInvalid, LABOURER, NOW, type TaskStoreFactory, withStore } from './fixtures.js';

type Call = (store: TaskStore) => Promise<unknown>;

/**
 * Bad arguments are rejected before anything is read or written, with a SoswError of code
 * `store.invalidArgument` whose message names the field: empty ids, non-finite numbers, limits that
 * are not positive integers, non-string payloads, unknown report outcomes.
 */
const CASES: ReadonlyArray<readonly [string, string, Call]> = [
  ['enqueue with an empty labourerId', 'labourerId', (s) => s.enqueue('', [{ payload: '{}' }], NOW)],
  ['enqueue with a NaN createdAt', 'createdAt', (s) => s.enqueue(LABOURER, [{ payload: '{}' }], Number.NaN)],
  [
    'enqueue with a non-string payload',
    'drafts[1].payload',
    (s) => s.enqueue(LABOURER, [{ payload: '{}' }, { payload: 7 as unknown as string }], NOW),
  ],
  ['enqueue with an empty taskId', 'drafts[0].taskId', (s) => s.enqueue(LABOURER, [{ taskId: '', payload: '{}' }], NOW)],
  ['nextQueued with an infinite bound', 'before', (s) => s.nextQueued(LABOURER, Number.POSITIVE_INFINITY, 1)],
  ['nextQueued with limit 0', 'limit', (s) => s.nextQueued(LABOURER, NOW, 0)],
  ['nextQueued with a negative limit', 'limit', (s) => s.nextQueued(LABOURER, NOW, -1)],
  ['nextQueued with a fractional limit', 'limit', (s) => s.nextQueued(LABOURER, NOW, 1.5)],
  ['queueBounds with an empty labourerId', 'labourerId', (s) => s.queueBounds('', NOW)],
  ['countQueued with a NaN bound', 'before', (s) => s.countQueued(LABOURER, Number.NaN)],
  ['claim with an empty taskId', 'taskId', (s) => s.claim('', NOW, NOW)],
  ['claim with a NaN greenfield', 'invokedGreenfield', (s) => s.claim('t', NOW, Number.NaN)],
  ['get with an empty taskId', 'taskId', (s) => s.get('')],
  ['countInvokedSince with a NaN bound', 'since', (s) => s.countInvokedSince(LABOURER, Number.NaN)],
  ['listInvokedSince with limit 0', 'limit', (s) => s.listInvokedSince(LABOURER, NOW, 0)],
  ['listInvokedBetween with an infinite end', 'to', (s) => s.listInvokedBetween(LABOURER, NOW, Number.POSITIVE_INFINITY, 5)],
  ['listCompleted with an empty labourerId', 'labourerId', (s) => s.listCompleted('', 5)],
  ['report with an empty taskId', 'taskId', (s) => s.report({ taskId: '', outcome: 'completed', at: NOW, invokedAtLeast: NOW })],
  [
    'report with an unknown outcome',
    'outcome',
    (s) => s.report({ taskId: 't', outcome: 'done' as 'completed', at: NOW, invokedAtLeast: NOW }),
  ],
  ['report with a NaN time', 'at', (s) => s.report({ taskId: 't', outcome: 'failed', at: Number.NaN, invokedAtLeast: NOW })],
  [
    'report with a negative attempt',
    'attempt',
    (s) => s.report({ taskId: 't', outcome: 'failed', at: NOW, invokedAtLeast: NOW, attempt: -1 }),
  ],
  ['archive with a NaN closedAt', 'closedAt', (s) => s.archive('t', Number.NaN)],
  ['recentClosed with limit 0', 'limit', (s) => s.recentClosed(LABOURER, true, 0)],
  ['countClosed with an empty labourerId', 'labourerId', (s) => s.countClosed('', true)],
  ['countCancelled with an empty labourerId', 'labourerId', (s) => s.countCancelled('')],
  ['countCancelled with limit 0', 'limit', (s) => s.countCancelled(LABOURER, 0)],
  ['getClosed with an empty taskId', 'taskId', (s) => s.getClosed('')],
  ['redrive with an empty taskId', 'taskId', (s) => s.redrive('')],
  ['moveToRetry with an infinite launch time', 'desiredLaunchTime', (s) => s.moveToRetry('t', Number.POSITIVE_INFINITY)],
  ['dueRetries with limit 0', 'limit', (s) => s.dueRetries(LABOURER, NOW, 0)],
  ['returnFromRetry with an empty id', 'taskIds[1]', (s) => s.returnFromRetry(LABOURER, ['a', ''])],
  ['countRetries with an empty labourerId', 'labourerId', (s) => s.countRetries('')],
  ['getRetry with an empty taskId', 'taskId', (s) => s.getRetry('')],
];

export function describeInvalidInput(factory: TaskStoreFactory): void {
  describe('bad arguments', () => {
    it.each(CASES)('rejects %s (store.invalidArgument naming %s)', (_name, field, call) =>
      withStore(factory, async (store) => {
        await expectInvalid(call(store), field);
      }),
    );
  });
}
