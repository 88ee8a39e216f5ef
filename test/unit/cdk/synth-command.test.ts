import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSynth } from '../../../src/cli/commands/synth.js';
import { buildProgram } from '../../../src/cli/program.js';
import { SoswError } from '../../../src/core/errors.js';
import { FIXTURE_ENTRY, FIXTURE_PROJECT, SYNTH_TIMEOUT_MS } from '../../fixtures/cdk/stacks.js';

const dir = mkdtempSync(join(tmpdir(), 'sosw-synth-cmd-'));
const flags = {
  config: FIXTURE_PROJECT,
  codeEntry: FIXTURE_ENTRY,
  schedules: true,
  validation: false,
  writeConfig: true,
  region: 'eu-west-1',
  account: '123456789012',
};
let template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
let summary: string;

beforeAll(async () => {
  summary = await runSynth({ ...flags, alarmEmail: ['ops@example.com'], out: 'out/template.json', assemblyDir: 'cdk.out' }, dir);
  template = JSON.parse(readFileSync(join(dir, 'out/template.json'), 'utf8'));
}, SYNTH_TIMEOUT_MS);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sosw synth', () => {
  it('writes the CloudFormation template of the project and keeps a deployable cloud assembly', () => {
    expect(summary).toMatch(
      /^Wrote the template of stack prices-demo \(\d+ resources\) to .*out\/template\.json; cloud assembly in .*cdk\.out/,
    );
    const assembly = JSON.parse(readFileSync(join(dir, 'cdk.out/manifest.json'), 'utf8')) as { artifacts: Record<string, unknown> };
    expect(Object.keys(assembly.artifacts)).toContain('prices-demo');
  });

  it('deploys the project labourers with their caps and the Scheduler job schemas', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    // The original's five tables and the job records table.
    expect(types.filter((t) => t === 'AWS::DynamoDB::Table')).toHaveLength(6);
    expect(types.filter((t) => t === 'AWS::Lambda::Function').length).toBeGreaterThanOrEqual(4);
    const rows = Object.values(template.Resources)
      .filter((r) => r.Type === 'Custom::SoswConfigRow')
      .map((r) => JSON.stringify(r.Properties.Create));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(
      '\\\\\\"fetch_prices\\\\\\":{\\\\\\"arn\\\\\\":\\\\\\"arn:aws:lambda:eu-west-1:123456789012:function:fetch_prices',
    );
    expect(rows[0]).toContain('\\\\\\"max_duration\\\\\\":120');
    expect(rows[1]).toContain('sosw_scheduler_config');
    expect(rows[1]).toContain('chunkable_attrs');
  });

  it('refuses an unsafe project before synthesizing, with the coded error', async () => {
    const error = await runSynth(flags, dir).catch((e: unknown) => e);
    expect(SoswError.is(error, 'deploy.unsafe')).toBe(true);
    expect((error as Error).message).toContain('--alarm-email');
  });

  it(
    'leaves no cloud assembly in the temp folder without --assembly-dir, also when it fails',
    async () => {
      const scratchTmp = mkdtempSync(join(tmpdir(), 'sosw-synth-tmp-'));
      const before = process.env.TMPDIR;
      process.env.TMPDIR = scratchTmp;
      try {
        const printed = await runSynth({ ...flags, alarmEmail: ['ops@example.com'] }, dir);
        expect(JSON.parse(printed)).toHaveProperty('Resources');
        expect(await runSynth(flags, dir).catch((e: unknown) => e)).toBeInstanceOf(SoswError);
        expect(readdirSync(scratchTmp).filter((name) => name.startsWith('sosw-synth-'))).toEqual([]);
      } finally {
        if (before === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = before;
        rmSync(scratchTmp, { recursive: true, force: true });
      }
    },
    SYNTH_TIMEOUT_MS,
  );

  it('is registered on the CLI with its options', () => {
    const synth = buildProgram().commands.find((c) => c.name() === 'synth');
    expect(synth?.options.map((o) => o.long)).toEqual(
      expect.arrayContaining([
        '--config',
        '--out',
        '--assembly-dir',
        '--stack-name',
        '--alarm-email',
        '--table-prefix',
        '--existing-tables',
        '--no-schedules',
      ]),
    );
  });
});
