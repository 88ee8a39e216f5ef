import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../task-manager/harness.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

type WorkerEvent = { task_id: string; attempts: number; role: string };

describe('full lifecycle', () => {
  it('completes, retries and finally closes a dead task, with the whole audit trail', async () => {
    h = makeHarness({
      labourers: { w: { max_simultaneous_invocations: 10, max_duration: 60, max_attempts: 3, duration: 240, cooldown: 60 } },
    });
    const ok = await h.taskManager.createTask('w', { role: 'ok' });
    const flaky = await h.taskManager.createTask('w', { role: 'flaky' });
    const silent = await h.taskManager.createTask('w', { role: 'silent' });
    const orchestrator = h.orchestrator({ author: 'x' });
    const scavenger = h.scavenger();
    let handled = 0;

    /** Workers: `ok` completes, `flaky` fails its first attempt then completes, `silent` never reports. */
    const work = async (): Promise<void> => {
      for (const { event } of h.invoker.invocations.slice(handled)) {
        const e = event as WorkerEvent;
        if (e.role === 'ok' || (e.role === 'flaky' && e.attempts > 1)) {
          await h.assistant.handle({
            action: 'mark_task_as_completed',
            task_id: e.task_id,
            attempts: e.attempts,
            stats: { attempt: e.attempts },
          });
        } else if (e.role === 'flaky') {
          await h.assistant.handle({ action: 'mark_task_as_failed', task_id: e.task_id, attempts: e.attempts });
        }
      }
      handled = h.invoker.invocations.length;
    };

    for (let minute = 0; minute < 40; minute++) {
      await orchestrator.run();
      await work();
      h.clock.advanceSeconds(60);
      await scavenger.run();
    }

    expect(await h.store.getClosed(ok.taskId)).toMatchObject({ succeeded: true, attempts: 1, stats: { attempt: 1 } });
    expect(await h.store.getClosed(flaky.taskId)).toMatchObject({ succeeded: true, attempts: 2, failedAttempts: 1, stats: { attempt: 2 } });
    expect(await h.store.getClosed(silent.taskId)).toMatchObject({ succeeded: false, attempts: 3 });
    expect(await h.taskManager.queueLength('w')).toBe(0);
    expect(await h.store.countRetries('w')).toBe(0);

    const trail = async (id: string): Promise<string[]> => (await h.metaLog.forTask(id)).map((r) => r.action);
    expect(await trail(ok.taskId)).toEqual(['created', 'invoked', 'marked_as_completed', 'archived']);
    expect(await trail(flaky.taskId)).toEqual([
      'created',
      'invoked',
      'marked_as_failed',
      'scheduled_for_retry',
      'ready_for_retry',
      'invoked',
      'marked_as_completed',
      'archived',
    ]);
    expect(await trail(silent.taskId)).toEqual([
      'created',
      'invoked',
      'scheduled_for_retry',
      'ready_for_retry',
      'invoked',
      'scheduled_for_retry',
      'ready_for_retry',
      'invoked',
      'archived_dead',
    ]);
    expect(h.notifier.notices).toHaveLength(1);
    expect(h.notifier.notices[0]?.messages).toEqual([`Closing dead task: ${silent.taskId} (labourer w, 3 attempts, expired)`]);
    expect(h.invoker.invocations.map((i) => `${(i.event as WorkerEvent).role}#${(i.event as WorkerEvent).attempts}`).sort()).toEqual(
      ['ok#1', 'flaky#1', 'flaky#2', 'silent#1', 'silent#2', 'silent#3'].sort(),
    );
    expect(h.metrics.snapshot().counters).toMatchObject({
      queued: { w: 3 },
      invoked: { w: 6 },
      completed: { w: 2 },
      failed: { w: 1 },
      retried: { w: 3 },
      returned: { w: 3 },
      archived: { w: 2 },
      dead: { w: 1 },
    });
  });
});
