import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { gracefulStop, handleShutdownSignals } from '../../../../src/adapters/local/shutdown.js';

describe('gracefulStop', () => {
  it('stops dispatching, drains with the deadline, then closes', async () => {
    const steps: string[] = [];
    const report = await gracefulStop(
      {
        stopDispatching: async () => void steps.push('stop'),
        drain: async (ms) => {
          steps.push(`drain ${ms}`);
          return { finished: false, abandoned: 2, dropped: 1 };
        },
        close: async () => void steps.push('close'),
      },
      500,
    );
    expect(steps).toEqual(['stop', 'drain 500', 'close']);
    expect(report).toMatchObject({ finished: false, abandoned: 2, dropped: 1 });
  });

  it('closes even when draining fails', async () => {
    let closed = false;
    await expect(
      gracefulStop(
        {
          stopDispatching: async () => {},
          drain: async () => Promise.reject(new Error('drain broke')),
          close: async () => {
            closed = true;
          },
        },
        10,
      ),
    ).rejects.toThrow('drain broke');
    expect(closed).toBe(true);
  });
});

describe('handleShutdownSignals', () => {
  it('runs the stop once on the first signal and forces an exit on the second', async () => {
    const target = new EventEmitter();
    const seen: string[] = [];
    const exits: number[] = [];
    const remove = handleShutdownSignals({
      target,
      onSignal: async (signal) => void seen.push(signal),
      forceExit: (code) => void exits.push(code),
    });
    target.emit('SIGTERM', 'SIGTERM');
    target.emit('SIGINT', 'SIGINT');
    await Promise.resolve();
    expect(seen).toEqual(['SIGTERM']);
    expect(exits).toEqual([130]);
    remove();
    expect(target.listenerCount('SIGINT')).toBe(0);
  });

  it('exits with 1 when the graceful stop fails', async () => {
    const target = new EventEmitter();
    const exits: number[] = [];
    handleShutdownSignals({ target, onSignal: async () => Promise.reject(new Error('x')), forceExit: (c) => void exits.push(c) });
    target.emit('SIGINT', 'SIGINT');
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([1]);
  });
});
