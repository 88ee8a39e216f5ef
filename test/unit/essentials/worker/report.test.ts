import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { parseWorkerEvent, taskRefOf } from '../../../../src/essentials/worker/event.js';
import { buildReport, completionResult, describeFailure, failureResult, sendReport } from '../../../../src/essentials/worker/report.js';
import { silentLogger } from '../../../../src/ports/logger.js';

describe('buildReport', () => {
  it('leaves out empty stats, missing result and missing attempts (original payload shape)', () => {
    expect(buildReport({ taskId: 't' }, 'completed', {}, undefined)).toEqual({ action: 'mark_task_as_completed', task_id: 't' });
  });

  it('names the labourer of the event it ran, for the WorkerAssistant', () => {
    expect(buildReport({ taskId: 't', labourerId: 'w', attempts: 2 }, 'completed', {}, undefined)).toEqual({
      action: 'mark_task_as_completed',
      task_id: 't',
      labourer_id: 'w',
      attempts: 2,
    });
  });

  it('includes attempts, stats and result when present', () => {
    expect(buildReport({ taskId: 't', attempts: 0 }, 'failed', { a: 1 }, { error: 'x', code: 'c' })).toEqual({
      action: 'mark_task_as_failed',
      task_id: 't',
      attempts: 0,
      stats: { a: 1 },
      result: { error: 'x', code: 'c' },
    });
  });
});

describe('completionResult', () => {
  it.each([
    [undefined, undefined],
    [null, undefined],
    [{}, undefined],
    [{ rows: 2 }, { rows: 2 }],
    ['done', { value: 'done' }],
    [[1, 2], { value: [1, 2] }],
  ])('turns %o into %o', (result, expected) => {
    expect(completionResult(result)).toEqual(expected);
  });
});

describe('failureResult', () => {
  it('adds retriable only when false and retry_after_seconds only when set', () => {
    expect(failureResult({ code: 'c', message: 'm', retriable: true })).toEqual({ error: 'm', code: 'c' });
    expect(failureResult({ code: 'c', message: 'm', retriable: false, retryAfterSeconds: 5 })).toEqual({
      error: 'm',
      code: 'c',
      retriable: false,
      retry_after_seconds: 5,
    });
  });
});

describe('taskRefOf', () => {
  it.each([
    [
      { task_id: 'abc', attempts: 2, labourer_id: 'w' },
      { taskId: 'abc', attempts: 2, labourerId: 'w' },
    ],
    [{ task_id: 123 }, { taskId: '123', attempts: undefined, labourerId: undefined }],
    [{ task_id: '' }, undefined],
    [{ task_id: null }, undefined],
    [{}, undefined],
    [
      { task_id: 't', attempts: '2' },
      { taskId: 't', attempts: undefined, labourerId: undefined },
    ],
  ])('reads %o as %o', (event, expected) => {
    expect(taskRefOf(event)).toEqual(expected);
  });
});

describe('parseWorkerEvent', () => {
  it('treats a missing event as an empty object and parses JSON text', () => {
    expect(parseWorkerEvent(undefined)).toEqual({});
    expect(parseWorkerEvent(null)).toEqual({});
    expect(parseWorkerEvent('{"a": 1}')).toEqual({ a: 1 });
  });
});

describe('sendReport to a WorkerAssistant that does not exist', () => {
  it("names the report's fix (deploy it or set sosw_worker_assistant_lambda), not the labourer's arn", async () => {
    const missing = new SoswError(
      'invoke.unknownFunction',
      "Lambda function sosw_worker_assistant does not exist (or this role may not see it): check the labourer's arn / id in config.",
    );
    const warned: unknown[] = [];
    const logger = { ...silentLogger, warn: (fields: Record<string, unknown>) => warned.push(fields.error) };
    const invoker = { invoke: () => Promise.reject(missing), timeoutSeconds: async () => undefined };
    const delivery = { invoker, functionName: 'sosw_worker_assistant', logger, sleep: async () => undefined };

    const error = await sendReport(delivery, { action: 'mark_task_as_completed', task_id: 't1' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'worker.reportLost' });
    expect((error as Error).message).toContain('deploy the WorkerAssistant, or set `sosw_worker_assistant_lambda`');
    expect((error as Error).message).not.toContain("labourer's arn");
    expect(warned).toHaveLength(2);
    for (const w of warned) expect(String(w)).toContain('sosw_worker_assistant_lambda');
  });
});

describe('describeFailure', () => {
  // `throw { toString: 5 }` made String() itself throw: the failure report was lost, the task only expired.
  it('describes thrown values String() cannot convert, without throwing', () => {
    expect(describeFailure({ weird: true, toString: 5 })).toMatchObject({ code: 'worker.failed', message: '{"weird":true,"toString":5}' });
    expect(describeFailure(Object.create(null))).toMatchObject({ message: '{}' });
    expect(describeFailure('a string')).toMatchObject({ message: 'a string' });
    expect(describeFailure(null)).toMatchObject({ message: 'null' });
  });
});
