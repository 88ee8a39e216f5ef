import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { Expression } from '../expression.js';
import type { DynamoTableNames } from '../table-names.js';

/** Attributes of a lease item. It has no labourer_id and no greenfield, so no index or task query sees it. */
export const LEASE_OWNER = 'lease_owner';
export const LEASE_EXPIRES_AT = 'lease_expires_at';

/** The key of lease `name` in the tasks table: `lease#<name>` (e.g. `lease#dispatch#<labourerId>`). */
export function leaseKey(f: TaskFieldNames, name: string): Record<string, string> {
  return { [f.taskId]: `lease#${name}` };
}

/** acquireLease: take the lease if it is absent, expired (expiry <= now) or already ours. */
export function acquireLeaseUpdate(
  t: DynamoTableNames,
  f: TaskFieldNames,
  name: string,
  owner: string,
  nowSeconds: number,
  untilSeconds: number,
): UpdateCommandInput {
  const e = new Expression();
  const ownerValue = e.value(owner);
  const setOwner = `${e.name(LEASE_OWNER)} = ${ownerValue}`;
  const setExpiry = `${e.name(LEASE_EXPIRES_AT)} = ${e.value(untilSeconds)}`;
  const condition = `${e.notExists(f.taskId)} OR ${e.compare(LEASE_EXPIRES_AT, '<=', nowSeconds)} OR ${e.name(LEASE_OWNER)} = ${ownerValue}`;
  return {
    TableName: t.tasks,
    Key: leaseKey(f, name),
    UpdateExpression: `SET ${setOwner}, ${setExpiry}`,
    ConditionExpression: condition,
    ...e.attributes(),
  };
}

/**
 * releaseLease: expire the lease now (expiry 0) if `owner` holds it. An UpdateItem rather than a
 * DeleteItem, so the Orchestrator needs no permission beyond the UpdateItem it claims with.
 */
export function releaseLeaseUpdate(t: DynamoTableNames, f: TaskFieldNames, name: string, owner: string): UpdateCommandInput {
  const e = new Expression();
  return {
    TableName: t.tasks,
    Key: leaseKey(f, name),
    UpdateExpression: `SET ${e.name(LEASE_EXPIRES_AT)} = ${e.value(0)}`,
    ConditionExpression: e.compare(LEASE_OWNER, '=', owner),
    ...e.attributes(),
  };
}
