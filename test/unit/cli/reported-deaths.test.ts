/** `sosw dev`: a worker's ctx.die() in an un-awaited callback must not end the runtime; anything else still does. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ignoreReportedDeaths } from '../../../src/cli/main.js';
import { SoswError } from '../../../src/core/errors.js';
import { markRecordedDeath } from '../../../src/essentials/worker/recorded-deaths.js';

function fakeProcess(): { on: NodeJS.Process; stderr: string[]; exits: number[] } {
  const stderr: string[] = [];
  const emitter = Object.assign(new EventEmitter(), { stderr: { write: (text: string) => stderr.push(text) } });
  return { on: emitter as unknown as NodeJS.Process, stderr, exits: [] };
}

describe('ignoreReportedDeaths', () => {
  it('drops a recorded processor.died, thrown or rejected', () => {
    const fake = fakeProcess();
    ignoreReportedDeaths(fake.on, (code) => fake.exits.push(code));
    const death = new SoswError('processor.died', 'pull died: giving up');
    markRecordedDeath(death);

    expect(() => fake.on.emit('unhandledRejection', death, Promise.resolve())).not.toThrow();
    fake.on.emit('uncaughtException', death);
    expect(fake.exits).toEqual([]);
    expect(fake.stderr).toEqual([]);
  });

  it('lets any other rejection through, and ends on any other exception with its stack and exit code 1', () => {
    const fake = fakeProcess();
    ignoreReportedDeaths(fake.on, (code) => fake.exits.push(code));
    const unrecorded = new SoswError('processor.died', 'not from a worker run');

    expect(() => fake.on.emit('unhandledRejection', unrecorded, Promise.resolve())).toThrow('not from a worker run');
    fake.on.emit('uncaughtException', new Error('boom'));
    expect(fake.exits).toEqual([1]);
    expect(fake.stderr.join('')).toContain('Error: boom');
  });
});
