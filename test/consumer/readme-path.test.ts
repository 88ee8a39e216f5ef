/**
 * (c) The README's "Your own project" path, word for word, in the consumer project: the config
 * and worker files as the README shows them, then every command of its runnable blocks (`sosw dev
 * --job job.json --until-done`, `status`, `tasks`, `redrive`, `schedule`, `jobs`, `cancel`, `synth`).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { README_PATH_SECTION, REPO_ROOT, userEnv } from './consumer-project.js';
import { describeFailure, runDocBlocks, type StepResult } from './doc-runner.js';
import { parseBlocks } from './markdown-blocks.js';

const consumerDir = inject('consumerDir');
const SECTION = README_PATH_SECTION;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe(`consumer: the README's "${SECTION}" path, as written`, () => {
  let steps: StepResult[] = [];
  const step = (pattern: RegExp): StepResult => {
    const found = steps.find((s) => pattern.test(s.command));
    if (found === undefined) throw new Error(`The README no longer runs ${pattern}: ${steps.map((s) => s.command).join(' | ')}`);
    return found;
  };

  beforeAll(async () => {
    const blocks = parseBlocks(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'), 'README.md').filter(
      (b) => b.section === SECTION && b.marker?.runnable === true,
    );
    // The dashboard's default port may be taken on a shared machine: only then pick a free one.
    const busy = !(await portIsFree(8787));
    steps = await runDocBlocks(blocks, {
      cwd: consumerDir,
      env: userEnv(consumerDir),
      rewrite: (command) => (busy && /\bsosw dev\b/.test(command) ? command.replace(/sosw dev/, 'sosw dev --port 0') : command),
    });
  });

  it('runs every command of the section without an error', () => {
    expect(steps.length).toBeGreaterThan(0);
    const failed = steps.find((s) => s.code !== 0);
    expect(failed, describeFailure(failed)).toBeUndefined();
  });

  it('writes the config and the worker the README shows', () => {
    expect(step(/^write sosw\.config\.ts$/).code).toBe(0);
    expect(step(/^write workers\/.+\.ts$/).code).toBe(0);
  });

  it('sosw dev --job job.json --until-done runs the job to the end and stops by itself', () => {
    const dev = step(/sosw dev --job job\.json/);
    expect(dev.code, describeFailure(dev)).toBe(0);
    expect(dev.stdout).toMatch(/Scheduled 2 tasks for fetch_prices/);
    expect(dev.stdout).toMatch(/Stopped after .*: 2 completed, 0 dead in this run; 0 still open\./);
  });

  it('status, tasks and redrive report on that project', () => {
    const status = step(/sosw status/);
    expect(status.code, describeFailure(status)).toBe(0);
    expect(status.stdout).toMatch(/^fetch_prices\s+/m);
    const tasks = step(/sosw tasks/);
    expect(tasks.code, describeFailure(tasks)).toBe(0);
    const redrive = step(/sosw redrive/);
    expect(redrive.code, describeFailure(redrive)).toBe(0);
  });

  it('pause and resume a labourer of that project', () => {
    const pause = step(/sosw pause fetch_prices/);
    expect(pause.code, describeFailure(pause)).toBe(0);
    expect(pause.stdout).toMatch(/fetch_prices/);
    const resume = step(/sosw resume fetch_prices/);
    expect(resume.code, describeFailure(resume)).toBe(0);
  });

  it('schedule queues the job again', () => {
    const schedule = step(/sosw schedule job\.json/);
    expect(schedule.code, describeFailure(schedule)).toBe(0);
    expect(schedule.stdout).toMatch(/Queued 2 tasks for labourer fetch_prices/);
  });

  it('schedule with a job_id queues once; again, it says already scheduled; jobs lists it; cancel ends it', () => {
    const [first, second] = steps.filter((s) => /sosw schedule east\.json/.test(s.command));
    expect(first?.stdout).toMatch(/Queued 1 task for labourer fetch_prices \(job prices-east\)/);
    expect(second?.code, describeFailure(second)).toBe(0);
    expect(second?.stdout).toMatch(/^Job prices-east is already scheduled \(running, 0\/1 closed\); nothing queued\.$/m);
    expect(step(/sosw jobs/).stdout).toMatch(/^prices-east\s+fetch_prices\s+running\s+\[/m);
    expect(step(/sosw cancel prices-east/).stdout).toMatch(/^Cancelled job prices-east: closed 1 queued or retrying task;/m);
  });

  it('synth prints the CloudFormation template of the project', () => {
    const synth = step(/sosw synth/);
    expect(synth.code, describeFailure(synth)).toBe(0);
    const template = JSON.parse(readFileSync(join(consumerDir, 'template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).toContain('AWS::DynamoDB::Table');
    expect(types).toContain('AWS::Lambda::Function');
  });
});
