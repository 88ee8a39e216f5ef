/** On Lambda the worker logs through Powertools: a LOST REPORT with a BigInt or circular result must still be one log line, not a throw. */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { powertoolsLogger } from '../../../src/lambda/powertools-logger.js';

afterEach(() => vi.restoreAllMocks());

describe('powertoolsLogger with fields JSON cannot hold', () => {
  it('writes one JSON line for a circular, BigInt field instead of throwing', () => {
    // Prepare: Powertools writes through its own console; capture whatever stream it picks.
    const lines: string[] = [];
    const capture = (line: unknown): void => void lines.push(String(line));
    for (const method of ['error', 'log', 'info', 'warn'] as const) vi.spyOn(console, method).mockImplementation(capture);
    const writes = [process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk) => capture(chunk) === undefined),
    );
    const logger = powertoolsLogger(new PowertoolsLogger({ serviceName: 'sosw_test' }));
    const result: Record<string, unknown> = { total: 10n };
    result.self = result;

    // Act
    const log = (): void => logger.error({ report: { result } }, 'LOST REPORT');

    // Assert
    expect(log).not.toThrow();
    for (const spy of writes) spy.mockRestore();
    const line = lines.find((l) => l.includes('LOST REPORT'));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? '{}')).toMatchObject({ message: 'LOST REPORT', report: { result: { total: '10' } } });
  });
});
