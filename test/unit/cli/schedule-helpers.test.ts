import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missingParentsWarning, placementText } from '../../../src/cli/commands/schedule.js';
import { readJobJson } from '../../../src/cli/job-file.js';
import { resolveCliProject, schedulerDocumentError } from '../../../src/cli/project-config.js';
import { SoswError } from '../../../src/core/errors.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function file(name: string, content: string | Buffer): string {
  dir ??= mkdtempSync(join(tmpdir(), 'sosw-schedule-cli-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('placementText (sosw schedule --dry-run)', () => {
  it('says the priority and when the tasks may start', () => {
    const at = Date.UTC(2024, 4, 1, 0, 0, 0);
    expect(placementText({ plannedAtMs: at })).toBe('');
    expect(placementText({ plannedAtMs: at, priority: 9, notBefore: at / 1000 + 7200 })).toBe(
      'priority 9, not before 2024-05-01T02:00:00Z (in 2h)',
    );
    expect(placementText({ plannedAtMs: at, notBefore: at / 1000 + 90 })).toBe('not before 2024-05-01T00:01:30Z (in 90s)');
    expect(placementText({ plannedAtMs: at, notBefore: at / 1000 + 3 * 86_400 })).toBe('not before 2024-05-04T00:00:00Z (in 3d)');
  });
});

describe('missingParentsWarning', () => {
  it('names the parents that do not exist and the way out', () => {
    expect(missingParentsWarning(['no-such-parent'])).toMatch(
      /^warning: no job no-such-parent exists yet; this job waits until it is scheduled/,
    );
    expect(missingParentsWarning(['a', 'b'])).toContain('no job a, b exists yet; this job waits until they are scheduled and complete.');
  });
});

describe('schedulerDocumentError', () => {
  const projectError = new SoswError('config.invalid', 'Invalid project config: labourers: is required');

  it('explains a Scheduler document given where a project config is expected', () => {
    const path = file('scheduler.json', JSON.stringify({ task_config: { labourers: { report_builder: {} } } }));
    const error = schedulerDocumentError(projectError, path, 'sosw jobs') as SoswError;
    expect(error.code).toBe('config.invalid');
    expect(error.message).toContain(`${path} is a Scheduler config document`);
    expect(error.message).toContain('sosw jobs needs the project config');
    expect(error.details).toMatchObject({ given: 'scheduler document', expected: 'project config' });
  });

  it('leaves other errors and other files alone', () => {
    const project = file('project.json', JSON.stringify({ labourers: 5 }));
    expect(schedulerDocumentError(projectError, project, 'sosw jobs')).toBe(projectError);
    expect(schedulerDocumentError(projectError, undefined, 'sosw jobs')).toBe(projectError);
    const other = new SoswError('job.notFound', 'No job x');
    expect(schedulerDocumentError(other, file('s.json', '{"task_config": {}}'), 'sosw jobs')).toBe(other);
  });

  it('is what every verb that loads the project says (sosw status, tasks, dev: resolveCliProject)', async () => {
    const path = file('scheduler.json', JSON.stringify({ task_config: { labourers: { w: {} } } }));
    await expect(resolveCliProject({ config: path, verb: 'sosw status' }, { required: true })).rejects.toMatchObject({
      code: 'config.invalid',
      message: expect.stringContaining('sosw status needs the project config'),
    });
  });
});

describe('readJobJson (sosw schedule and sosw dev --job)', () => {
  it.each([
    ['a JSON string', '"hello"', /holds a JSON string \("hello" \(string\)\), not a job/],
    ['a JSON list', '[1]', /holds a JSON list/],
    ['JSON null', 'null', /holds JSON null/],
    ['not JSON', '{"lambda_name": ', /is not valid JSON/],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), /UTF-8/],
  ])('refuses %s with job.invalid naming the file', (_what, content, message) => {
    const path = file('job.json', content);
    expect(() => readJobJson(path)).toThrow(expect.objectContaining({ code: 'job.invalid', message: expect.stringMatching(message) }));
  });

  it('a missing file is job.invalid too (as for sosw dev --job)', () => {
    expect(() => readJobJson(join(tmpdir(), 'sosw-no-such-job.json'))).toThrow(
      expect.objectContaining({ code: 'job.invalid', message: expect.stringMatching(/does not exist; check the path/) }),
    );
  });

  it('takes the job`s JSON text itself as the argument (what users type first), with the same checks', () => {
    const text = ' {"lambda_name": "w", "words": ["a"]}';
    expect(readJobJson(text).job).toEqual({ lambda_name: 'w', words: ['a'] });
    expect(readJobJson(text).bytes.toString()).toBe(text);
    expect(() => readJobJson('{"lambda_name": ')).toThrow(
      expect.objectContaining({
        code: 'job.invalid',
        message: expect.stringMatching(/^The job text given on the command line is not valid JSON/),
      }),
    );
  });
});
