import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../../src/adapters/aws/s3/s3-blob-store.js';
import { awsTierOff, uniqueName } from './helpers.js';

describe.skipIf(awsTierOff())('S3BlobStore (moto)', () => {
  const s3 = new S3Client({});
  const bucket = uniqueName('sosw-queue');

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => s3.destroy());

  it('puts, gets, lists sorted and deletes queue files', async () => {
    const blobs = new S3BlobStore({ bucket });
    await blobs.put('sosw/scheduler/tasks_queue_b.txt', '{"a":1}\n');
    await blobs.put('sosw/scheduler/tasks_queue_a.txt', '{"b":2}\n');
    await blobs.put('other/file.txt', 'x');

    expect(await blobs.get('sosw/scheduler/tasks_queue_b.txt')).toBe('{"a":1}\n');
    expect(await blobs.list('sosw/scheduler/')).toEqual(['sosw/scheduler/tasks_queue_a.txt', 'sosw/scheduler/tasks_queue_b.txt']);
    await blobs.delete('sosw/scheduler/tasks_queue_a.txt');
    expect(await blobs.get('sosw/scheduler/tasks_queue_a.txt')).toBeNull();
    await blobs.close();
  });

  it('lets exactly one of many concurrent putIfAbsent calls win (If-None-Match: *)', async () => {
    const blobs = new S3BlobStore({ client: s3, bucket });
    const key = 'sosw/scheduler/locked_tasks_queue_x.txt';

    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => blobs.putIfAbsent(key, `owner ${i}`)));

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await blobs.get(key)).toBe(`owner ${results.indexOf(true)}`);
    expect(await blobs.putIfAbsent(key, 'late')).toBe(false);
  });

  it('lists more than one page of keys', async () => {
    const blobs = new S3BlobStore({ client: s3, bucket, listPageSize: 7 });
    const keys = Array.from({ length: 30 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
    await Promise.all(keys.map((k) => blobs.put(k, '')));
    expect(await blobs.list('many/')).toEqual(keys);
  });
});
