/** A missing DynamoDB table names the table the request touched, its SOSW_*_TABLE variable and its tableNames key. */
import { describe, expect, it } from 'vitest';
import { transactionTables, translateDynamoError } from '../../../../src/adapters/aws/dynamodb/dynamo-sender.js';
import { resolveDynamoTableNames } from '../../../../src/adapters/aws/dynamodb/table-names.js';
import { SoswError } from '../../../../src/core/errors.js';

function notFound(message = 'Requested resource not found'): Error {
  return Object.assign(new Error(message), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
}

const NAMES = resolveDynamoTableNames({ retryTasks: 'nope' });

function translated(error: unknown): SoswError {
  expect(SoswError.is(error), String(error)).toBe(true);
  return error as SoswError;
}

describe('translateDynamoError: ResourceNotFoundException', () => {
  it('names the one table, what it is, and both fixes: the variable (CLI, Lambda) and tableNames (code)', () => {
    const error = translated(translateDynamoError(notFound(), 'dueRetries', 'nope', NAMES));

    expect(error.code).toBe('store.unavailable');
    expect(error.message).toBe(
      'DynamoDB table nope (the retry table: SOSW_RETRY_TASKS_TABLE, tableNames.retryTasks) does not exist (dueRetries). Create the tables (createSoswTables(), or deploy the Sosw stack), or, if yours have other names, set SOSW_RETRY_TASKS_TABLE (CLI, Lambda functions) or tableNames.retryTasks (code).',
    );
    expect(error.details).toMatchObject({
      operation: 'dueRetries',
      table: 'nope',
      awsError: 'ResourceNotFoundException',
      variables: ['SOSW_RETRY_TASKS_TABLE'],
    });
  });

  it('a transaction names every table it writes, not only the tasks table, when DynamoDB does not say which', () => {
    const error = translated(translateDynamoError(notFound(), 'moveToRetry', ['nope', 'sosw_tasks'], NAMES));

    expect(error.message).toContain('One of the DynamoDB tables moveToRetry writes does not exist: nope (the retry table');
    expect(error.message).toContain('sosw_tasks (the tasks table: SOSW_TASKS_TABLE, tableNames.tasks)');
    expect(error.details.tables).toEqual(['nope', 'sosw_tasks']);
  });

  it('a transaction names only the table DynamoDB names (as a whole word: sosw_tasks is not sosw_tasks_meta)', () => {
    const names = resolveDynamoTableNames({});
    const error = translated(
      translateDynamoError(
        notFound('Cannot do operations on a non-existent table: sosw_tasks_meta'),
        'report',
        ['sosw_tasks', 'sosw_tasks_meta'],
        names,
      ),
    );

    expect(error.message).toMatch(
      /^DynamoDB table sosw_tasks_meta \(the audit \(meta\) table: SOSW_META_TABLE, tableNames\.meta\) does not exist \(report\)/,
    );
    expect(error.details.tables).toEqual(['sosw_tasks_meta']);
  });

  it('a table of no known role lists the variables to choose from', () => {
    const error = translated(translateDynamoError(notFound(), 'query', 'elsewhere'));

    expect(error.message).toContain('DynamoDB table elsewhere does not exist (query)');
    expect(error.message).toContain('SOSW_TASKS_TABLE, SOSW_CLOSED_TASKS_TABLE, SOSW_RETRY_TASKS_TABLE, SOSW_META_TABLE, SOSW_JOBS_TABLE');
  });
});

describe('transactionTables', () => {
  it('lists each table a TransactWriteItems request writes, once, in order', () => {
    expect(
      transactionTables({
        TransactItems: [
          { Put: { TableName: 'retry', Item: {} } },
          { Delete: { TableName: 'tasks', Key: {} } },
          { ConditionCheck: { TableName: 'closed', Key: {}, ConditionExpression: 'x' } },
          { Update: { TableName: 'tasks', Key: {}, UpdateExpression: 'y' } },
        ],
      }),
    ).toEqual(['retry', 'tasks', 'closed']);
  });
});
