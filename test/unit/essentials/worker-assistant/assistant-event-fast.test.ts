import { describe, expect, it } from 'vitest';
import { parseAssistantEvent } from '../../../../src/essentials/worker-assistant/assistant-event.js';

describe('parseAssistantEvent: the shape workers send and its variants agree', () => {
  it('reads a worker report (objects, whole attempts) like the same report in text form', () => {
    const report = {
      action: 'mark_task_as_failed',
      task_id: 't1',
      labourer_id: 'w',
      attempts: 2,
      stats: { processor_calls: 1 },
      result: { error: 'x' },
      extra_key: true,
    };
    const expected = {
      action: 'mark_task_as_failed',
      taskId: 't1',
      labourerId: 'w',
      attempt: 2,
      stats: { processor_calls: 1 },
      result: { error: 'x' },
    };
    expect(parseAssistantEvent(report)).toEqual(expected);
    expect(parseAssistantEvent(JSON.stringify(report))).toEqual(expected);
    expect(parseAssistantEvent({ ...report, stats: JSON.stringify(report.stats), attempts: '2' })).toEqual(expected);
  });

  it.each([
    ['attempts 0', { attempts: 0 }, /attempts/],
    ['fractional attempts', { attempts: 1.5 }, /attempts/],
    ['empty task_id', { task_id: '' }, /task_id/],
    ['array stats', { stats: [1] }, /stats/],
    ['numeric labourer_id', { labourer_id: 7 }, /labourer_id/],
    ['unknown action', { action: 'mark_task_as_done' }, /action/],
  ])('still names the field of a bad report: %s', (_name, change, field) => {
    const event = { action: 'mark_task_as_completed', task_id: 't1', ...change };
    expect(() => parseAssistantEvent(event)).toThrow(field);
  });

  it.each([
    ['a list', [1, 2], 'an array of 2'],
    ['a number', 7, '7'],
    ['null', null, 'null'],
    ['JSON text of a list', '[1]', '"[1]"'],
  ])('stats or result as %s: says it must be an object, with an example', (_name, value, shown) => {
    for (const field of ['stats', 'result']) {
      const error = (() => {
        try {
          parseAssistantEvent({ action: 'mark_task_as_completed', task_id: 't1', [field]: value });
        } catch (e) {
          return e as Error;
        }
        throw new Error('accepted');
      })();
      expect(error.message).toContain(`${field}: must be an object (e.g. {"rows": 3}) or the JSON text of an object, got`);
      expect(error.message).toContain(shown);
    }
  });
});
