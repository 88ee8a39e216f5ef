/**
 * `sosw dev` hosts workers in its process: a promise a handler leaked or a throw in its timer callback
 * must not end the runtime (it did, and every running task lost an attempt); a recorded ctx.die() is dropped.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitCodeWith, surviveStrayErrors } from '../../../src/cli/main.js';
import { SoswError } from '../../../src/core/errors.js';
import { markRecordedDeath } from '../../../src/essentials/worker/recorded-deaths.js';

function fakeProcess(): { on: NodeJS.Process; stderr: string[] } {
  const stderr: string[] = [];
  const emitter = Object.assign(new EventEmitter(), { stderr: { write: (text: string) => stderr.push(text) } });
  return { on: emitter as unknown as NodeJS.Process, stderr };
}

describe('surviveStrayErrors', () => {
  it('drops a recorded processor.died, thrown or rejected, silently', () => {
    const fake = fakeProcess();
    surviveStrayErrors(fake.on);
    const death = new SoswError('processor.died', 'pull died: giving up');
    markRecordedDeath(death);

    expect(() => fake.on.emit('unhandledRejection', death, Promise.resolve())).not.toThrow();
    expect(() => fake.on.emit('uncaughtException', death)).not.toThrow();
    expect(fake.stderr).toEqual([]);
    expect(exitCodeWith(0)).toBe(0);
  });

  it('logs any other rejection or exception with its stack, keeps running, and makes the exit code 1', () => {
    const fake = fakeProcess();
    surviveStrayErrors(fake.on);

    expect(() => fake.on.emit('unhandledRejection', new Error('leaked rejection'), Promise.resolve())).not.toThrow();
    expect(() => fake.on.emit('uncaughtException', new Error('uncaught later'))).not.toThrow();
    expect(() => fake.on.emit('unhandledRejection', { toString: 5 }, Promise.resolve())).not.toThrow();

    const text = fake.stderr.join('');
    expect(text).toMatch(/error: a promise rejection nobody caught: Error: leaked rejection\n\s+at /);
    expect(text).toMatch(/error: an exception nobody caught: Error: uncaught later/);
    expect(text).toContain('{"toString":5}');
    expect(text).toContain('sosw keeps running (the exit code will be 1)');
    expect(exitCodeWith(0)).toBe(1);
    expect(exitCodeWith(2)).toBe(2);
  });
});
