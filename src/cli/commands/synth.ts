/**
 * `sosw synth`: print the CloudFormation template of a project's `sosw.config` deployed with the
 * `Sosw` construct, without the CDK CLI. aws-cdk-lib is loaded only when the command runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';

interface SynthFlags {
  readonly config?: string;
  readonly out?: string;
  readonly assemblyDir?: string;
  readonly stackName?: string;
  readonly account?: string;
  readonly region?: string;
  readonly alarmEmail?: string[];
  readonly allowNoAlarmTarget?: boolean;
  readonly tablePrefix?: string;
  readonly functionPrefix?: string;
  readonly existingTables?: boolean;
  readonly schedules: boolean;
  readonly writeConfig: boolean;
  readonly codeEntry?: string;
  readonly validation: boolean;
}

/** Run the command; returns the text it printed (for tests). */
export async function runSynth(flags: SynthFlags, cwd: string = process.cwd()): Promise<string> {
  const { resolveCliProject } = await import('../project-config.js');
  const { CDK_FEATURE, importOptional } = await import('../../adapters/optional-dependency.js');
  const { synthesizeProject } = await importOptional(() => import('../../cdk.js'), CDK_FEATURE);
  const project = await resolveCliProject({ config: flags.config, cwd }, { required: true });
  // Without --assembly-dir the cloud assembly is scratch: made in a temp folder, removed after (also on failure).
  const scratch = flags.assemblyDir === undefined ? mkdtempSync(join(tmpdir(), 'sosw-synth-')) : undefined;
  try {
    const result = synthesizeProject(project.config, {
      stackName: flags.stackName,
      account: flags.account,
      region: flags.region,
      alarmEmails: flags.alarmEmail ?? [],
      allowNoAlarmTarget: flags.allowNoAlarmTarget,
      tablePrefix: flags.tablePrefix,
      functionPrefix: flags.functionPrefix,
      useExistingTables: flags.existingTables,
      schedulesEnabled: flags.schedules,
      writeConfig: flags.writeConfig,
      validate: flags.validation,
      outdir: scratch ?? resolve(cwd, flags.assemblyDir as string),
      ...(flags.codeEntry === undefined ? {} : { code: { entry: resolve(cwd, flags.codeEntry) } }),
    });
    const json = `${JSON.stringify(result.template, null, 2)}\n`;
    if (flags.out === undefined) return json;
    const out = resolve(cwd, flags.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, json);
    const resources = Object.keys((result.template.Resources ?? {}) as Record<string, unknown>).length;
    const assembly = scratch === undefined ? `; cloud assembly in ${result.assemblyDir}` : '';
    return `Wrote the template of stack ${result.stackName} (${resources} resources) to ${out}${assembly}\n`;
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

export function register(program: Command): void {
  program
    .command('synth')
    .description("print the CloudFormation template that deploys the project's sosw.config to AWS (no CDK CLI needed)")
    .option('--config <file>', 'project config file (default: the nearest sosw.config.*)')
    .option('--out <file>', 'write the template to this file instead of stdout')
    .option('--assembly-dir <dir>', 'keep the cloud assembly here (deploy it with `npx cdk deploy --app <dir>`)')
    .option('--stack-name <name>', 'CloudFormation stack name (default: from the project name)')
    .option('--account <id>', 'AWS account id of the stack')
    .option('--region <region>', 'AWS region of the stack')
    .option('--alarm-email <email...>', 'email addresses for dead-task notices and alarms')
    .option('--allow-no-alarm-target', 'accept a deployment whose alarms reach nobody')
    .option('--table-prefix <prefix>', 'prefix of every table name (default: the original names)')
    .option('--function-prefix <prefix>', 'prefix of function, topic and rule names (default: the table prefix)')
    .option('--existing-tables', "use an existing deployment's tables instead of creating them")
    .option('--no-schedules', 'create the every-minute rules disabled')
    .option('--no-write-config', 'do not write the labourers into the config table')
    .option('--no-validation', 'skip checking the template against the CloudFormation resource specification')
    .option('--code-entry <file>', 'bundle this entry for all four essentials instead of the sosw handlers')
    .action(async (flags: SynthFlags) => {
      process.stdout.write(await runSynth(flags));
    });
}
