import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

interface CostJson {
  project: string | null;
  labourers: string[];
  tasks: number;
  dynamodb: { requests: number; writeUnits: number; readUnits: number; dollars: number };
  lambda: { workers: { invocations: number }; orchestrator: { invocations: number }; dollars: number };
  dollars: number;
  dollarsPerMillionTasks: number;
  assumptions: string[];
}

describe('sosw cost (subprocess)', () => {
  let fixture: ProjectFixture;

  beforeAll(() => {
    fixture = createProjectFixture(oneLabourerConfig({}));
  });
  afterAll(() => fixture.remove());

  it("prices a month of tasks for the project's labourers, as JSON", async () => {
    const result = await runCli(['cost', '--config', fixture.configPath, '--tasks', '1000000', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as CostJson;
    expect(body.labourers).toEqual(['w']);
    expect(body.tasks).toBe(1_000_000);
    expect(body.dynamodb.writeUnits).toBe(18_000_000);
    expect(body.lambda.workers.invocations).toBe(1_000_000);
    expect(body.lambda.orchestrator.invocations).toBe(43_200);
    expect(body.dollars).toBeCloseTo(body.dynamodb.dollars + body.lambda.dollars, 6);
    expect(body.assumptions.length).toBeGreaterThan(0);
  });

  it('prints a readable bill', async () => {
    const result = await runCli(['cost', '--config', fixture.configPath, '--tasks', '5000', '--worker-seconds', '2']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^5,000 tasks in 30 days, 1 labourer \(/);
    expect(result.stdout).toMatch(/DynamoDB \(on-demand\) +[\d,]+ requests, 90,000 write units/);
    expect(result.stdout).toMatch(/Total \$\d+\.\d+ a month/);
  });

  it('refuses a task count that is not a whole number, naming the flag', async () => {
    const result = await runCli(['cost', '--config', fixture.configPath, '--tasks', '12.5']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/cli\.usage.*--tasks: expected an integer >= 0, received '12\.5'/);
  });
});
