import { describe, expect, it } from 'vitest';
import { RecordingInvoker } from '../../../../src/adapters/local/recording-invoker.js';

describe('RecordingInvoker', () => {
  it('records a copy of each event by function', async () => {
    const invoker = new RecordingInvoker();
    const event = { n: 1 };
    await invoker.invoke('a', event);
    event.n = 2;
    await invoker.invoke('b', { n: 3 });
    expect(invoker.invocations).toEqual([
      { functionName: 'a', event: { n: 1 } },
      { functionName: 'b', event: { n: 3 } },
    ]);
    expect(invoker.eventsFor('b')).toEqual([{ n: 3 }]);
  });

  it('fails the next n calls without recording them, then recovers', async () => {
    const invoker = new RecordingInvoker();
    invoker.failNext(1);
    await expect(invoker.invoke('a', {})).rejects.toMatchObject({ code: 'invoke.failed' });
    await invoker.invoke('a', {});
    expect(invoker.attempts).toBe(2);
    expect(invoker.invocations).toHaveLength(1);
  });

  it('answers configured time limits and clears', async () => {
    const invoker = new RecordingInvoker({ timeouts: { a: 900 } });
    await invoker.invoke('a', {});
    invoker.clear();
    expect(await invoker.timeoutSeconds('a')).toBe(900);
    expect(await invoker.timeoutSeconds('b')).toBeUndefined();
    expect(invoker.invocations).toEqual([]);
  });
});
