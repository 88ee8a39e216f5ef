import { describe, expect, it } from 'vitest';
import { fromMetaRow, toMetaRow } from '../../../../src/adapters/sqlite/meta-rows.js';
import type { MetaEntry } from '../../../../src/ports/meta-log.js';

describe('meta rows', () => {
  it('round-trips a full entry', () => {
    const entry: MetaEntry = {
      taskId: 't',
      createdAt: 1.5,
      action: 'archived_dead',
      labourerId: 'w',
      author: 'sosw_scavenger',
      invocationId: 'r',
      logStreamName: 's',
      extra: { reason: 'expired' },
    };
    expect(fromMetaRow(toMetaRow(entry))).toEqual(entry);
  });

  it('stores absent fields and an empty extra as NULL and omits them when reading', () => {
    const entry: MetaEntry = { taskId: 't', createdAt: 1, action: 'created', extra: {} };
    const row = toMetaRow(entry);
    expect(row).toMatchObject({ labourer_id: null, author: null, invocation_id: null, log_stream_name: null, extra: null });
    expect(fromMetaRow(row)).toEqual({ taskId: 't', createdAt: 1, action: 'created' });
  });
});
