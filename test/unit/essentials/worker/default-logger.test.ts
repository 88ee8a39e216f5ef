import { describe, expect, it, vi } from 'vitest';
import { consoleJsonLogger } from '../../../../src/essentials/worker/default-logger.js';

describe('consoleJsonLogger', () => {
  it('writes JSON lines at or above SOSW_LOG_LEVEL, flattening errors', () => {
    // Prepare
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const logger = consoleJsonLogger({ SOSW_LOG_LEVEL: 'warn' });

    // Act
    logger.info({ a: 1 }, 'hidden');
    logger.warn({ a: 2 }, 'shown');
    logger.error({ error: Object.assign(new Error('boom'), { code: 'X' }) }, 'failed');

    // Assert
    expect(log).not.toHaveBeenCalled();
    expect(JSON.parse(warn.mock.calls[0]?.[0] as string)).toEqual({ level: 'warn', message: 'shown', a: 2 });
    expect(JSON.parse(error.mock.calls[0]?.[0] as string)).toEqual({
      level: 'error',
      message: 'failed',
      error: { name: 'Error', message: 'boom', code: 'X' },
    });
  });

  it('logs info by default and nothing when silent', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    consoleJsonLogger({}).info({}, 'one');
    consoleJsonLogger({ SOSW_LOG_LEVEL: 'silent' }).error({}, 'none');
    consoleJsonLogger({}).debug({}, 'not at info');
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('never throws on fields JSON cannot hold (a LOST REPORT with a circular or BigInt result)', () => {
    // Prepare
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const result: Record<string, unknown> = { total: 10n };
    result.self = result;

    // Act
    consoleJsonLogger({}).error({ report: { result } }, 'LOST REPORT');

    // Assert: one valid JSON line
    expect(JSON.parse(error.mock.calls[0]?.[0] as string)).toEqual({
      level: 'error',
      message: 'LOST REPORT',
      report: { result: { total: '10', self: '[Circular]' } },
    });
  });

  it('rejects an unknown level', () => {
    expect(() => consoleJsonLogger({ SOSW_LOG_LEVEL: 'loud' })).toThrow(/SOSW_LOG_LEVEL must be one of/);
  });
});
