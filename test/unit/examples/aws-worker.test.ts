/**
 * examples/aws: the greeter reads the payload the Scheduler really sends. The job of the
 * example's README goes through the real Scheduler (with the stack's job schema) on the embedded
 * runtime, and the example's own worker class handles each task.
 */
import { describe, expect, it } from 'vitest';
import { Greeter } from '../../../examples/aws/worker.js';
import { createEmbeddedRuntime, listTasks } from '../../../src/local.js';

describe('examples/aws worker', () => {
  it('greets the name each task carries, for the job the README sends', async () => {
    const runtime = await createEmbeddedRuntime({
      // The stack's labourer and Scheduler job schema (examples/aws/stack.ts).
      project: { labourers: { greeter: { max_attempts: 3 } }, job_schema_variants: { default: { chunkable_attrs: [['name', {}]] } } },
      dbPath: ':memory:',
      handlers: { greeter: Greeter },
    });
    try {
      await runtime.schedule({ lambda_name: 'greeter', names: ['ada', 'grace'], isolate_names: true });
      for (let i = 0; i < 10 && (await runtime.summary()).open > 0; i++) await runtime.tickOnce();
      const labourer = runtime.labourers.find((l) => l.id === 'greeter');
      if (labourer === undefined) throw new Error('no greeter labourer');
      const done = await listTasks(runtime.store, labourer, 'succeeded', Math.floor(Date.now() / 1000), 10);
      const greetings = done.map((task) => JSON.stringify(task.result)).sort();
      expect(greetings).toHaveLength(2);
      expect(greetings[0]).toContain('hello ada');
      expect(greetings[1]).toContain('hello grace');
      expect(greetings.join()).not.toContain('hello world');
    } finally {
      await runtime.stop();
    }
  });
});
