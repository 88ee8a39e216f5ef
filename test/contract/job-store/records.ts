import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../src/core/errors.js';
import type { JobRecord } from '../../../src/core/job/job.js';
import { type JobStoreFactory, LABOURER, NOW, newJob, withJobStores } from './fixtures.js';

/** The job records themselves: create, read, list, conditional transitions, actions, counters. */
export function describeJobRecords(factory: JobStoreFactory): void {
  describe('create', () => {
    it('creates a job once: a second create with the same id changes nothing and returns the first record', () =>
      withJobStores(factory, async ({ jobStore }) => {
        const first = await jobStore.create(newJob('j1', { onComplete: { notify: true }, after: ['p'], reason: undefined }));
        expect(first.created).toBe(true);
        expect(first.job).toMatchObject({ jobId: 'j1', state: 'running', planned: 3, completed: 0, dead: 0, cancelled: 0 });
        expect(first.job).toMatchObject({ onComplete: { notify: true }, after: ['p'], createdAt: NOW, updatedAt: NOW });
        const again = await jobStore.create(newJob('j1', { planned: 99, labourerId: 'other', document: { x: 1 } }));
        expect(again.created).toBe(false);
        expect(again.job).toEqual(first.job);
        expect(await jobStore.get('j1')).toEqual(first.job);
      }));

    it('creates exactly one job when the same id is created concurrently', () =>
      withJobStores(factory, async ({ jobStore }) => {
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => jobStore.create(newJob('same', { planned: i + 1 }))));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const winner = results.find((r) => r.created)?.job as JobRecord;
        for (const r of results) expect(r.job).toEqual(winner);
      }));

    it('rejects a job without an id with store.invalidArgument', () =>
      withJobStores(factory, async ({ jobStore }) => {
        const error = await jobStore.create(newJob('')).catch((e: unknown) => e);
        expect(SoswError.is(error, 'store.invalidArgument')).toBe(true);
      }));
  });

  describe('get and getMany', () => {
    it('returns null for an unknown job and leaves unknown ids out of getMany, in input order', () =>
      withJobStores(factory, async ({ jobStore }) => {
        await jobStore.create(newJob('a'));
        await jobStore.create(newJob('b'));
        expect(await jobStore.get('missing')).toBeNull();
        expect((await jobStore.getMany(['b', 'missing', 'a', 'b'])).map((j) => j.jobId)).toEqual(['b', 'a']);
        expect(await jobStore.getMany([])).toEqual([]);
      }));
  });

  describe('list', () => {
    it('lists newest first in pages and filters by states and labourer', () =>
      withJobStores(factory, async ({ jobStore }) => {
        for (let i = 0; i < 5; i++)
          await jobStore.create(newJob(`job${i}`, { createdAt: NOW + i, state: i % 2 === 0 ? 'running' : 'waiting' }));
        await jobStore.create(newJob('theirs', { createdAt: NOW + 10, labourerId: 'other' }));
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await jobStore.list({ limit: 2, cursor, labourerId: LABOURER });
          expect(page.jobs.length).toBeLessThanOrEqual(2);
          seen.push(...page.jobs.map((j) => j.jobId));
          cursor = page.cursor;
        } while (cursor !== undefined);
        expect(seen).toEqual(['job4', 'job3', 'job2', 'job1', 'job0']);
        const waiting = await jobStore.list({ limit: 10, states: ['waiting'] });
        expect(waiting.jobs.map((j) => j.jobId)).toEqual(['job3', 'job1']);
        expect(waiting.cursor).toBeUndefined();
        expect((await jobStore.list({ limit: 10 })).jobs[0]?.jobId).toBe('theirs');
      }));

    it('lists whole records: each equals what get returns, document included (JSON and spread alike)', () =>
      withJobStores(factory, async ({ jobStore }) => {
        const items = Array.from({ length: 2000 }, (_, i) => i);
        await jobStore.create(newJob('big', { document: { lambda_name: LABOURER, job_id: 'big', items } }));
        const [listed] = (await jobStore.list({ limit: 1 })).jobs;
        const got = await jobStore.get('big');
        expect(listed).toEqual(got);
        expect(listed?.document).toEqual({ lambda_name: LABOURER, job_id: 'big', items });
        expect(JSON.parse(JSON.stringify(listed))).toEqual(JSON.parse(JSON.stringify(got)));
        expect({ ...listed }).toEqual({ ...got });
      }));

    it('rejects a malformed cursor with store.invalidArgument', () =>
      withJobStores(factory, async ({ jobStore }) => {
        const error = await jobStore.list({ limit: 2, cursor: 'not a cursor' }).catch((e: unknown) => e);
        expect(SoswError.is(error, 'store.invalidArgument')).toBe(true);
      }));
  });

  describe('transition', () => {
    it('applies only from the given states and sets planned, scheduledAt and finishedAt', () =>
      withJobStores(factory, async ({ jobStore }) => {
        await jobStore.create(newJob('j', { state: 'waiting', planned: 0 }));
        expect(await jobStore.transition('j', { from: ['scheduling'], to: 'running', at: NOW + 1 })).toBeNull();
        const scheduling = await jobStore.transition('j', { from: ['waiting'], to: 'scheduling', at: NOW + 2, planned: 4 });
        expect(scheduling).toMatchObject({ state: 'scheduling', planned: 4, updatedAt: NOW + 2 });
        const running = await jobStore.transition('j', { from: ['scheduling'], to: 'running', at: NOW + 3 });
        expect(running).toMatchObject({ state: 'running', scheduledAt: NOW + 3 });
        expect(running?.finishedAt).toBeUndefined();
        const cancelled = await jobStore.transition('j', { from: ['running'], to: 'cancelled', at: NOW + 4, reason: 'cancelled by ann' });
        expect(cancelled).toMatchObject({ state: 'cancelled', finishedAt: NOW + 4, reason: 'cancelled by ann' });
        expect(await jobStore.transition('missing', { from: ['running'], to: 'completed', at: NOW })).toBeNull();
      }));

    it('with whenSettled applies only once every planned task is closed', () =>
      withJobStores(factory, async ({ jobStore }) => {
        await jobStore.create(newJob('j', { planned: 2 }));
        expect(await jobStore.transition('j', { from: ['running'], to: 'completed', at: NOW, whenSettled: true })).toBeNull();
        await jobStore.setCounters('j', { completed: 1, dead: 0, cancelled: 1 }, NOW);
        expect(await jobStore.transition('j', { from: ['running'], to: 'completed', at: NOW, whenSettled: true })).toMatchObject({
          state: 'completed',
        });
      }));

    it('lets exactly one of racing transitions win', () =>
      withJobStores(factory, async ({ jobStore }) => {
        await jobStore.create(newJob('j', { planned: 0 }));
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            jobStore.transition('j', { from: ['running'], to: i % 2 === 0 ? 'completed' : 'failed', at: NOW, whenSettled: true }),
          ),
        );
        expect(results.filter((r) => r !== null)).toHaveLength(1);
      }));
  });

  describe('markActionsDone and setCounters', () => {
    it('keeps the first actions time and overwrites counters', () =>
      withJobStores(factory, async ({ jobStore }) => {
        await jobStore.create(newJob('j'));
        await jobStore.markActionsDone('j', NOW + 5);
        await jobStore.markActionsDone('j', NOW + 9);
        expect((await jobStore.get('j'))?.actionsDoneAt).toBe(NOW + 5);
        const fixed = await jobStore.setCounters('j', { completed: 2, dead: 1, cancelled: 0 }, NOW + 6);
        expect(fixed).toMatchObject({ completed: 2, dead: 1, cancelled: 0, updatedAt: NOW + 6 });
        expect(await jobStore.setCounters('missing', { completed: 0, dead: 0, cancelled: 0 }, NOW)).toBeNull();
        await jobStore.markActionsDone('missing', NOW);
      }));
  });
}
