import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { describeValue, SoswError } from '../../../core/errors.js';
import type { BlobStore } from '../../../ports/blob-store.js';
import { awsClientFeature, importOptional } from '../../optional-dependency.js';
import { awsErrorName, translateAwsError } from '../shared/aws-errors.js';
import { type ClientOrConfig, LazySdkClient } from '../shared/client-options.js';

const loadS3 = () => importOptional(() => import('@aws-sdk/client-s3'), awsClientFeature('S3BlobStore', '@aws-sdk/client-s3'));

export type S3BlobStoreOptions = ClientOrConfig<S3Client, S3ClientConfig> & {
  /** The bucket holding the Scheduler's queue files (the original's `queue_bucket`). */
  readonly bucket: string;
  /**
   * Keys per ListObjectsV2 page.
   * @defaultValue 1000 (the S3 maximum)
   */
  readonly listPageSize?: number;
};

const MISSING = new Set(['NoSuchKey', 'NotFound']);
/** 409 ConditionalRequestConflict: another conditional write on the key is in flight; S3 asks to retry. */
const CONFLICT_RETRIES = 4;

/**
 * Queue files in S3. `putIfAbsent` is an atomic conditional write (`If-None-Match: *`), so two
 * Schedulers can never both take the same lock key.
 *
 * @example
 * const blobs = new S3BlobStore({ bucket: 'sosw-s3-123456789012' });
 * const locked = await blobs.putIfAbsent('sosw/scheduler/locked_tasks_queue_abc.txt', rows);
 */
export class S3BlobStore implements BlobStore {
  readonly #client: LazySdkClient<Awaited<ReturnType<typeof loadS3>>, S3Client>;
  readonly #bucket: string;
  readonly #pageSize: number;
  readonly #encoder = new TextEncoder();

  public constructor(options: S3BlobStoreOptions) {
    if (typeof options.bucket !== 'string' || options.bucket.length < 3) {
      throw new SoswError(
        'config.invalid',
        `S3BlobStore bucket is ${describeValue(options.bucket)}: give the queue bucket name (queue_bucket).`,
        {
          details: { field: 'bucket', value: options.bucket },
        },
      );
    }
    this.#client = new LazySdkClient(options.client, loadS3, (sdk) => new sdk.S3Client(options.clientConfig ?? {}));
    this.#bucket = options.bucket;
    this.#pageSize = options.listPageSize ?? 1000;
  }

  public async put(key: string, body: string): Promise<void> {
    const { sdk, client } = await this.#client.use();
    await this.#send('write', key, () =>
      client.send(new sdk.PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: this.#encoder.encode(body) })),
    );
  }

  public async get(key: string): Promise<string | null> {
    const { sdk, client } = await this.#client.use();
    try {
      const response = await client.send(new sdk.GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return (await response.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (MISSING.has(awsErrorName(error) ?? '')) return null;
      throw this.#translate(error, 'read', key);
    }
  }

  public async delete(key: string): Promise<void> {
    const { sdk, client } = await this.#client.use();
    await this.#send('delete', key, () => client.send(new sdk.DeleteObjectCommand({ Bucket: this.#bucket, Key: key })));
  }

  public async list(prefix: string): Promise<string[]> {
    const { sdk, client } = await this.#client.use();
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#send('list', prefix, () =>
        client.send(
          new sdk.ListObjectsV2Command({ Bucket: this.#bucket, Prefix: prefix, MaxKeys: this.#pageSize, ContinuationToken: token }),
        ),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys.sort();
  }

  public async putIfAbsent(key: string, body: string): Promise<boolean> {
    const { sdk, client } = await this.#client.use();
    for (let attempt = 0; ; attempt++) {
      try {
        await client.send(new sdk.PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: this.#encoder.encode(body), IfNoneMatch: '*' }));
        return true;
      } catch (error) {
        const name = awsErrorName(error);
        if (name === 'PreconditionFailed') return false;
        if (name === 'ConditionalRequestConflict' && attempt < CONFLICT_RETRIES) {
          await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
          continue;
        }
        throw this.#translate(error, 'write', key);
      }
    }
  }

  public close(): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }

  async #send<T>(verb: string, key: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.#translate(error, verb, key);
    }
  }

  #translate(error: unknown, verb: string, key: string): unknown {
    return translateAwsError(error, 'store.unavailable', `Could not ${verb} s3://${this.#bucket}/${key}`, { bucket: this.#bucket, key });
  }
}
