import { describe, expect, it } from 'vitest';
import { toMetaItem } from '../../../../src/adapters/aws/dynamodb/operations/meta-entries.js';
import { cliLogStreamName } from '../../../../src/cli/commands/run.js';

describe('what the original readers expect', () => {
  it('keeps `labourer` on the Scheduler created rows (the original names the labourer so)', () => {
    const item = toMetaItem({ taskId: 't', createdAt: 1.5, action: 'created', author: 'sosw_scheduler', extra: { labourer: 'w' } });
    expect(item).toMatchObject({ task_id: 't', action: 'created', labourer: 'w' });
  });

  it('extras still cannot overwrite the fields of the row', () => {
    const item = toMetaItem({ taskId: 't', createdAt: 1.5, action: 'invoked', extra: { task_id: 'other', action: 'x', author: 'y' } });
    expect(item).toEqual({ task_id: 't', created_at: 1.5, action: 'invoked' });
  });

  it('gives CLI invocations a Lambda-shaped log stream name', () => {
    expect(cliLogStreamName('0f4c-77aa', new Date('2026-12-04T10:00:00Z'))).toBe('2026/12/04/[cli]0f4c77aa');
  });
});
