import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../src/core/errors.js';
import { checkLabourer, listQuerySchema, parseQuery, parseTaskId } from '../../../src/dashboard/query.js';

function failure(fn: () => unknown): SoswError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SoswError) return error;
  }
  throw new Error('expected a SoswError');
}

describe('parseQuery', () => {
  it('applies defaults and coerces numbers', () => {
    expect(parseQuery(listQuerySchema, {})).toEqual({ limit: 50 });
    expect(parseQuery(listQuerySchema, { limit: '7', labourer: 'w' })).toEqual({ limit: 7, labourer: 'w' });
  });

  it.each([
    [{ limit: 'x' }, 'limit', 'must be a whole number'],
    [{ limit: '2.5' }, 'limit', 'must be a whole number'],
    [{ limit: '0' }, 'limit', 'must be at least 1'],
    [{ limit: '9999' }, 'limit', 'must be at most 500'],
    [{ page: '2' }, 'page', 'is not a known parameter'],
  ])('refuses %j naming %s', (query, param, problem) => {
    const error = failure(() => parseQuery(listQuerySchema, query));

    expect(error.code).toBe('dashboard.invalidQuery');
    expect(error.details).toMatchObject({ param, problem });
    expect(error.message).toContain(`Invalid ${param}: ${problem}`);
  });
});

describe('parseTaskId and checkLabourer', () => {
  it('accepts scheduler ids and refuses others by name', () => {
    expect(parseTaskId('0123456789abcdef0123456789abcdef')).toBe('0123456789abcdef0123456789abcdef');
    expect(failure(() => parseTaskId('a/b')).details).toMatchObject({ param: 'taskId' });
    expect(failure(() => parseTaskId('x'.repeat(129))).details).toMatchObject({ problem: 'must be at most 128 characters' });
  });

  it('refuses a labourer the project does not have, listing the known ones', () => {
    expect(() => checkLabourer(undefined, ['w'])).not.toThrow();
    expect(() => checkLabourer('w', ['w'])).not.toThrow();
    expect(failure(() => checkLabourer('z', ['w', 'v'])).message).toContain('must be one of w, v');
  });
});
