import { describe, expect, it } from 'vitest';
import { functionNameOf, InProcessInvoker, type RunRecord } from '../../../../src/adapters/local/in-process-invoker.js';
import type { LocalInvocationContext } from '../../../../src/adapters/local/invocation-context.js';
import { SoswError } from '../../../../src/core/errors.js';
import type { Logger } from '../../../../src/ports/logger.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function recordingLogger(): Logger & { lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, message, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('InProcessInvoker', () => {
  describe('invoke', () => {
    it('resolves before the handler runs and passes a copy of the event with a Lambda-like context', async () => {
      // Prepare
      const invoker = new InProcessInvoker();
      const seen: Array<{ event: unknown; context: LocalInvocationContext }> = [];
      invoker.register('prices', {
        handler: (event, context) => {
          seen.push({ event, context });
        },
        timeoutSeconds: 7,
      });
      const event = { task_id: 'a', nested: { n: 1 } };

      // Act
      await invoker.invoke('prices', event);
      const before = seen.length;
      event.nested.n = 2;
      await invoker.idle();

      // Assert
      expect(before).toBe(0);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.event).toEqual({ task_id: 'a', nested: { n: 1 } });
      const context = seen[0]?.context;
      expect(context?.functionName).toBe('prices');
      expect(context?.awsRequestId).toBe(context?.requestId);
      expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(6000);
      expect(context?.remainingTimeMs()).toBeLessThanOrEqual(7000);
      expect(context?.signal.aborted).toBe(false);
    });

    it('accepts a Lambda ARN and invokes the function it names', async () => {
      const invoker = new InProcessInvoker();
      let calls = 0;
      invoker.register('prices', { handler: () => void calls++ });
      await invoker.invoke('arn:aws:lambda:us-west-2:000000000000:function:prices:$LATEST', {});
      await invoker.idle();
      expect(calls).toBe(1);
      expect(functionNameOf('arn:aws:lambda:eu-west-1:1:function:x')).toBe('x');
      expect(functionNameOf('plain_name')).toBe('plain_name');
    });

    it('fails with invoke.unknownFunction naming the registered functions', async () => {
      const invoker = new InProcessInvoker();
      invoker.register('prices', { handler: () => undefined });
      const error = await invoker.invoke('reports', {}).catch((e: unknown) => e);
      expect(SoswError.is(error, 'invoke.unknownFunction')).toBe(true);
      expect((error as SoswError).message).toContain('prices');
    });

    it('rejects events that are not JSON-serialisable', async () => {
      const invoker = new InProcessInvoker();
      invoker.register('prices', { handler: () => undefined });
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(invoker.invoke('prices', cyclic)).rejects.toMatchObject({ code: 'invoke.failed' });
    });

    it('copies the event with JSON semantics, so a handler sees wire data and shares nothing with the caller', async () => {
      // Prepare
      const invoker = new InProcessInvoker();
      const seen: unknown[] = [];
      invoker.register('copy', {
        handler: (event) => {
          seen.push(structuredClone(event));
          (event as { nested: { list: unknown[] } }).nested.list.push('mutated');
        },
      });
      const when = new Date(0);
      const event = {
        text: 's',
        n: -0,
        nan: Number.NaN,
        skip: undefined,
        fn: () => 1,
        nested: { list: [1, undefined, Number.POSITIVE_INFINITY, { when }] },
        when,
        deep: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) as unknown,
      };

      // Act
      await invoker.invoke('copy', event);
      await invoker.invoke('copy', event);
      await invoker.idle();

      // Assert
      expect(seen[0]).toEqual(JSON.parse(JSON.stringify(event)));
      expect(Object.is((seen[1] as { n: number }).n, 0)).toBe(true);
      expect(event.nested.list).toHaveLength(4);
      expect((seen[1] as { nested: { list: unknown[] } }).nested.list).toHaveLength(4);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(invoker.invoke('copy', cyclic)).rejects.toMatchObject({ code: 'invoke.failed' });
      await expect(invoker.invoke('copy', 10n)).rejects.toMatchObject({ code: 'invoke.failed' });
    });

    it('refuses invocations after close()', async () => {
      const invoker = new InProcessInvoker();
      invoker.register('prices', { handler: () => undefined });
      invoker.close();
      await expect(invoker.invoke('prices', {})).rejects.toMatchObject({ code: 'invoke.failed' });
    });
  });

  describe('concurrency', () => {
    it('runs at most `concurrency` handlers of a function at once and queues the rest in order', async () => {
      // Prepare
      const invoker = new InProcessInvoker();
      const gates = [deferred(), deferred(), deferred()];
      const started: number[] = [];
      invoker.register('slow', {
        concurrency: 2,
        handler: async (event) => {
          const n = (event as { n: number }).n;
          started.push(n);
          await gates[n]?.promise;
        },
      });

      // Act
      for (const n of [0, 1, 2]) await invoker.invoke('slow', { n });
      await new Promise((r) => setImmediate(r));
      const whileBlocked = [...started];
      const countersBlocked = invoker.counters().slow;
      gates[0]?.resolve();
      await new Promise((r) => setTimeout(r, 5));
      const afterOne = [...started];
      gates[1]?.resolve();
      gates[2]?.resolve();
      await invoker.idle();

      // Assert
      expect(whileBlocked).toEqual([0, 1]);
      expect(countersBlocked).toMatchObject({ accepted: 3, started: 2, running: 2, waiting: 1 });
      expect(afterOne).toEqual([0, 1, 2]);
      expect(invoker.counters().slow).toMatchObject({ accepted: 3, started: 3, succeeded: 3, running: 0, waiting: 0 });
    });

    it('keeps functions independent: a full function does not block another', async () => {
      const invoker = new InProcessInvoker();
      const gate = deferred();
      let quickRuns = 0;
      invoker.register('blocked', { concurrency: 1, handler: () => gate.promise });
      invoker.register('quick', { handler: () => void quickRuns++ });
      await invoker.invoke('blocked', {});
      await invoker.invoke('blocked', {});
      await invoker.invoke('quick', {});
      await new Promise((r) => setTimeout(r, 5));
      expect(quickRuns).toBe(1);
      expect(invoker.busy).toBe(2);
      gate.resolve();
      await invoker.idle();
      expect(invoker.busy).toBe(0);
    });
  });

  describe('failures and time limits', () => {
    it('logs and counts a throwing handler without rejecting anything', async () => {
      const logger = recordingLogger();
      const records: RunRecord[] = [];
      const invoker = new InProcessInvoker({ logger, onRun: (r) => records.push(r) });
      invoker.register('boom', {
        handler: () => {
          throw new Error('kaput');
        },
      });
      invoker.register('reject', { handler: async () => Promise.reject(new Error('nope')) });
      await invoker.invoke('boom', {});
      await invoker.invoke('reject', {});
      await invoker.idle();
      expect(invoker.totals()).toMatchObject({ failed: 2, succeeded: 0, running: 0 });
      expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.fields.functionName)).toEqual(['boom', 'reject']);
      expect(records.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    });

    it('abandons a handler past its time limit: frees the slot and aborts its signal', async () => {
      // Prepare
      const invoker = new InProcessInvoker();
      let signal: AbortSignal | undefined;
      let secondRan = false;
      invoker.register('stuck', {
        timeoutSeconds: 0.03,
        concurrency: 1,
        handler: (event, context) => {
          if ((event as { n: number }).n === 2) {
            secondRan = true;
            return undefined;
          }
          signal = context.signal;
          return new Promise(() => {});
        },
      });

      // Act
      await invoker.invoke('stuck', { n: 1 });
      await invoker.invoke('stuck', { n: 2 });
      await invoker.idle();

      // Assert
      expect(signal?.aborted).toBe(true);
      expect(secondRan).toBe(true);
      expect(invoker.counters().stuck).toMatchObject({ timedOut: 1, succeeded: 1, running: 0 });
      expect(await invoker.timeoutSeconds('stuck')).toBe(0.03);
      expect(await invoker.timeoutSeconds('unknown')).toBeUndefined();
    });

    it('rejects invalid registrations with the field name', () => {
      const invoker = new InProcessInvoker();
      expect(() => invoker.register('x', { handler: () => undefined, concurrency: 0 })).toThrow(/concurrency/);
      expect(() => invoker.register('x', { handler: () => undefined, timeoutSeconds: -1 })).toThrow(/timeoutSeconds/);
    });
  });

  describe('drain', () => {
    it('waits for runs and for the invocations they make (worker -> assistant)', async () => {
      const invoker = new InProcessInvoker();
      const reports: unknown[] = [];
      invoker.register('sosw_worker_assistant', { handler: (event) => void reports.push(event) });
      invoker.register('worker', {
        handler: async (event) => {
          await new Promise((r) => setTimeout(r, 5));
          await invoker.invoke('sosw_worker_assistant', { action: 'mark_task_as_completed', task_id: (event as { id: string }).id });
        },
      });
      await invoker.invoke('worker', { id: 'a' });
      await invoker.invoke('worker', { id: 'b' });
      const result = await invoker.drain(1000);
      expect(result).toEqual({ finished: true, abandoned: 0, dropped: 0 });
      expect(reports).toHaveLength(2);
    });

    it('abandons running work and drops waiting work at the deadline', async () => {
      const invoker = new InProcessInvoker();
      invoker.register('stuck', { concurrency: 1, handler: () => new Promise(() => {}) });
      await invoker.invoke('stuck', {});
      await invoker.invoke('stuck', {});
      await new Promise((r) => setImmediate(r));
      const result = await invoker.drain(20);
      expect(result).toEqual({ finished: false, abandoned: 1, dropped: 1 });
      expect(invoker.counters().stuck).toMatchObject({ timedOut: 1, dropped: 1, running: 0, waiting: 0 });
      await invoker.idle();
    });
  });
});
