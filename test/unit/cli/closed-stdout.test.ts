/** `sosw status --json | head`: the reader closes the pipe early; the CLI ends with 0, not an EPIPE trace. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { endQuietlyOnClosedStdout } from '../../../src/cli/main.js';

describe('endQuietlyOnClosedStdout', () => {
  it('exits 0 on EPIPE and rethrows any other stream error', () => {
    const stream = new EventEmitter() as unknown as NodeJS.WriteStream;
    const exits: number[] = [];
    endQuietlyOnClosedStdout(stream, (code) => exits.push(code));

    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('disk'), { code: 'EIO' }))).toThrow('disk');
  });
});
