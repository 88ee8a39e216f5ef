import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const documentClients = new WeakMap<DynamoDBClient, DynamoDBDocumentClient>();

/**
 * The DocumentClient over a DynamoDB client (one per client: it shares the client's middleware
 * stack, so request counters on the client see every request). Undefined values are dropped.
 */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  let documents = documentClients.get(client);
  if (documents === undefined) {
    documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    documentClients.set(client, documents);
  }
  return documents;
}
