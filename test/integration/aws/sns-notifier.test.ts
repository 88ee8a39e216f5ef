import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNS_MAX_MESSAGE_BYTES } from '../../../src/adapters/aws/sns/pack-messages.js';
import { SnsNotifier } from '../../../src/adapters/aws/sns/sns-notifier.js';
import { awsTierOff, uniqueName } from './helpers.js';

interface Delivered {
  readonly Subject?: string;
  readonly Message: string;
}

describe.skipIf(awsTierOff())('SnsNotifier (moto)', () => {
  const sns = new SNSClient({});
  const delivered: Delivered[] = [];
  let server: Server;
  let topicArn: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        const message = JSON.parse(body) as Delivered & { Type: string };
        if (message.Type === 'Notification') delivered.push(message);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    topicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('SoswWorkerErrors') }))).TopicArn!;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: `http://127.0.0.1:${port}/` }));
  });

  afterAll(async () => {
    sns.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers the messages of one notice in one Publish, joined by the separator, before resolving', async () => {
    delivered.length = 0;
    const notifier = new SnsNotifier({ topicArn });

    await notifier.notify('sosw_scavenger: 2 dead tasks', ['task a is dead', 'task b is dead']);

    expect(delivered).toEqual([
      expect.objectContaining({ Subject: 'sosw_scavenger: 2 dead tasks', Message: 'task a is dead\n\n#####\n\ntask b is dead' }),
    ]);
    await notifier.close();
  });

  it('splits a notice that exceeds the 256 KB limit into as few messages as fit', async () => {
    delivered.length = 0;
    const notifier = new SnsNotifier({ client: sns, topicArn });
    const big = 'x'.repeat(100_000);

    await notifier.notify('big notice', [big, big, big, big, big]);

    expect(delivered).toHaveLength(3);
    expect(delivered.every((d) => new TextEncoder().encode(d.Message).length <= SNS_MAX_MESSAGE_BYTES)).toBe(true);
    expect(delivered.map((d) => d.Message).join('\n\n#####\n\n')).toBe([big, big, big, big, big].join('\n\n#####\n\n'));
  });
});
