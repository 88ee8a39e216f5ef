import { describe, expect, it } from 'vitest';
import { createMemoryStore, ManualClock } from '../../../../src/testing.js';

describe('createMemoryStore', () => {
  it('gives a store and a meta log on one fresh in-memory database', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const first = createMemoryStore();
    const second = createMemoryStore({ greenfieldTaskStep: 5 });
    const [task] = await first.store.enqueue('w', [{ payload: '{}' }], clock.now() / 1000);
    await first.metaLog.write([{ taskId: task?.taskId ?? '', createdAt: clock.now() / 1000, action: 'created' }]);

    expect(first.database.prepare('SELECT count(*) FROM sosw_tasks_meta').pluck().get()).toBe(1);
    expect(await second.store.countQueued('w', 1_700_000_000)).toBe(0);
    expect((await second.store.enqueue('w', [{ payload: '{}' }], 1_700_000_000))[0]?.greenfield).toBe(10);

    await first.close();
    await second.close();
    expect(first.database.open).toBe(false);
  });
});
