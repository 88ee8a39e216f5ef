import type { SNSClient, SNSClientConfig } from '@aws-sdk/client-sns';
import { describeValue, SoswError } from '../../../core/errors.js';
import type { Notifier } from '../../../ports/notifier.js';
import { awsClientFeature, importOptional } from '../../optional-dependency.js';
import { translateAwsError } from '../shared/aws-errors.js';
import { type ClientOrConfig, LazySdkClient } from '../shared/client-options.js';
import { packMessages, SNS_SEPARATOR, snsSubject } from './pack-messages.js';

const loadSns = () => importOptional(() => import('@aws-sdk/client-sns'), awsClientFeature('SnsNotifier', '@aws-sdk/client-sns'));

export type SnsNotifierOptions = ClientOrConfig<SNSClient, SNSClientConfig> & {
  /** ARN of the topic, e.g. `arn:aws:sns:eu-west-1:123456789012:SoswWorkerErrors`. */
  readonly topicArn: string;
  /**
   * Text between messages in one notice.
   * @defaultValue `'\n\n#####\n\n'` (the original SnsManager's separator)
   */
  readonly separator?: string;
};

/**
 * Delivers notices through SNS: the messages of one notice are joined into as few Publish calls
 * as fit the 256 KB limit, and `notify` resolves only once SNS accepted every one of them.
 * The region is the client's (AWS_REGION by default), never a hard-coded one.
 *
 * @example
 * const notifier = new SnsNotifier({ topicArn: process.env.SOSW_DEAD_TASKS_TOPIC! });
 * await notifier.notify('sosw_scavenger: 2 dead tasks', ['task a ...', 'task b ...']);
 */
export class SnsNotifier implements Notifier {
  readonly #client: LazySdkClient<Awaited<ReturnType<typeof loadSns>>, SNSClient>;
  readonly #topicArn: string;
  readonly #separator: string;

  public constructor(options: SnsNotifierOptions) {
    if (typeof options.topicArn !== 'string' || !/^arn:aws[a-z-]*:sns:/i.test(options.topicArn)) {
      throw new SoswError(
        'config.invalid',
        `SnsNotifier topicArn is ${describeValue(options.topicArn)}: give a topic ARN starting with arn:aws:sns:.`,
        {
          details: { field: 'topicArn', value: options.topicArn },
        },
      );
    }
    this.#client = new LazySdkClient(options.client, loadSns, (sdk) => new sdk.SNSClient(options.clientConfig ?? {}));
    this.#topicArn = options.topicArn;
    this.#separator = options.separator ?? SNS_SEPARATOR;
  }

  public async notify(subject: string, messages: readonly string[]): Promise<void> {
    const subjectText = snsSubject(subject);
    for (const body of packMessages(messages, this.#separator)) {
      const { sdk, client } = await this.#client.use();
      try {
        await client.send(new sdk.PublishCommand({ TopicArn: this.#topicArn, Subject: subjectText, Message: body }));
      } catch (error) {
        throw translateAwsError(error, 'notify.failed', `Could not publish to SNS topic ${this.#topicArn}`, { topicArn: this.#topicArn });
      }
    }
  }

  public close(): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }
}
