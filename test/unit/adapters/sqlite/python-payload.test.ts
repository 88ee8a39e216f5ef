import { describe } from 'vitest';
import { openSqliteDatabase } from '../../../../src/adapters/sqlite/database.js';
import { SqliteTaskStore } from '../../../../src/adapters/sqlite/sqlite-task-store.js';
import { describePythonPayloadRedrive, PYTHON_REPR_PAYLOAD } from '../../../contract/python-payload.contract.js';

describe('SqliteTaskStore: payloads archived by the original', () => {
  describePythonPayloadRedrive(async () => {
    const database = openSqliteDatabase(':memory:');
    const store = new SqliteTaskStore({ database });
    return {
      store,
      async deadTask() {
        const [task] = await store.enqueue('w', [{ payload: PYTHON_REPR_PAYLOAD }], 1_600_000_000);
        await store.archive(task!.taskId, 1_600_000_100);
        return task!.taskId;
      },
      async cleanup() {
        await store.close();
        database.close();
      },
    };
  });
});
