/** How the CLI reports failures: parser errors as JSON under --json, AWS setup failures as `aws.config`. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsConfigError } from '../../../src/cli/aws-errors.js';
import { fileSystemError, main, portError, reportError } from '../../../src/cli/main.js';
import { SoswError } from '../../../src/core/errors.js';

let stderr: string;
let stdout: string;

beforeEach(() => {
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const sosw = (...args: string[]): Promise<number> => main(['node', 'sosw', ...args]);

describe('parser errors under --json', () => {
  it.each([
    ['unknown option', ['status', '--nope', '--json'], 'commander.unknownOption', /unknown option '--nope'/],
    ['option without its value', ['tasks', '--json', '--limit'], 'commander.optionMissingArgument', /--limit <n>/],
    ['unknown command', ['shedule', '--json'], 'commander.unknownCommand', /unknown command 'shedule' \(Did you mean schedule\?\)/],
    ['excess argument', ['status', 'extra', '--json'], 'commander.excessArguments', /too many arguments/],
  ])('%s is one JSON error line with code cli.usage, exit 1', async (_name, args, parserCode, message) => {
    const code = await sosw(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    const { error } = JSON.parse(stderr) as { error: { code: string; message: string; details: Record<string, unknown> } };
    expect(error).toMatchObject({ code: 'cli.usage', details: { parserCode } });
    expect(error.message).toMatch(message);
  });

  it('without --json the parser error is one coded text line naming the usage, exit 1', async () => {
    expect(await sosw('status', '--nope')).toBe(1);
    expect(stderr).toMatch(/^error \[cli\.usage\]: unknown option '--nope'\. Usage: sosw status \[options\]/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(() => JSON.parse(stderr)).toThrow();
  });

  it.each([
    [
      ['drain', 'api', '--for', '10m'],
      /^error \[cli\.usage\]: unknown option '--for'\. Usage: sosw drain \[options\] <labourer> \(sosw drain --help/,
    ],
    [['pause'], /^error \[cli\.usage\]: missing required argument 'labourer'\. Usage: sosw pause \[options\] <labourer>/],
    [['shedule'], /^error \[cli\.usage\]: unknown command 'shedule' \(Did you mean schedule\?\)\. Run with --help for usage\./],
    [['--bogus'], /^error \[cli\.usage\]: unknown option '--bogus'\. Run with --help for usage\./],
  ])('text mode: %j prints error [cli.usage] and exits 1', async (args, message) => {
    expect(await sosw(...args)).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--json names the verb usage in details', async () => {
    expect(await sosw('pause', '--json')).toBe(1);
    expect(JSON.parse(stderr)).toMatchObject({
      error: { code: 'cli.usage', details: { parserCode: 'commander.missingArgument', usage: 'sosw pause [options] <labourer>' } },
    });
  });

  it('--help and --version still succeed', async () => {
    expect(await sosw('--version', '--json')).toBe(0);
    expect(stdout.trim()).toBe('0.1.0');
    expect(stderr).toBe('');
  });
});

describe('aws.config', () => {
  it('recognises the SDK region and credential failures anywhere in the cause chain', () => {
    const region = awsConfigError(new Error('store failed', { cause: new Error('Region is missing') }));
    expect(region).toMatchObject({ code: 'aws.config', details: { missing: 'region' } });
    expect(region?.message).toMatch(/AWS_REGION/);
    expect(awsConfigError(new Error('Could not load credentials from any providers'))?.message).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(awsConfigError(new Error('ECONNREFUSED'))).toBeNull();
  });

  it('SOSW_BACKEND=aws without a region exits 1 with aws.config naming AWS_REGION', async () => {
    vi.stubEnv('SOSW_BACKEND', 'aws');
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/sosw-test-aws-config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/sosw-test-aws-credentials');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const code = await sosw('status', '--json');
    // The last line: the AWS SDK may print a Node version warning first.
    const last = stderr.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toMatchObject({ error: { code: 'aws.config', details: { missing: 'region' } } });
    expect(code).toBe(1);
  }, 30_000);
});

describe('file-system errors', () => {
  const errno = (code: string, syscall: string, path: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: failed, ${syscall} '${path}'`), { code, syscall, path });

  it('a folder that cannot be made is store.unavailable naming the path and --db, exit 1 (not internal 70)', () => {
    const coded = fileSystemError(errno('EPERM', 'mkdir', '/sys/nope'));
    expect(coded).toMatchObject({ code: 'store.unavailable', details: { path: '/sys/nope', syscall: 'mkdir', errno: 'EPERM' } });
    expect(coded?.message).toMatch(/Cannot create the folder \/sys\/nope \(EPERM: operation not permitted\)/);
    expect(coded?.message).toMatch(/--db <file>/);
    expect(reportError(errno('EACCES', 'open', '/root/x.db'), false)).toBe(1);
    expect(stderr).toMatch(/^error \[store\.unavailable\]: Cannot open \/root\/x\.db \(EACCES: permission denied\)/);
  });

  it('a full disk is store.noSpace; a cause one level down is found; other errors are left alone', () => {
    expect(fileSystemError(errno('ENOSPC', 'write', '/x/y'))?.code).toBe('store.noSpace');
    expect(fileSystemError(new Error('wrapped', { cause: errno('EROFS', 'mkdir', '/ro') }))?.code).toBe('store.unavailable');
    expect(fileSystemError(new Error('plain'))).toBeNull();
    expect(fileSystemError(Object.assign(new Error('odd'), { code: 'EWHATEVER', syscall: 'open', path: '/p' }))).toBeNull();
    expect(reportError(new Error('plain'), false)).toBe(70);
  });

  it('sosw schedule --db under a file exits 1 with store.unavailable, not internal', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sosw-fs-error-'));
    try {
      writeFileSync(join(dir, 'file'), 'x');
      writeFileSync(join(dir, 'job.json'), JSON.stringify({ lambda_name: 'w' }));
      const code = await sosw('schedule', join(dir, 'job.json'), '--db', join(dir, 'file', 'x.db'), '--json');
      expect(code).toBe(1);
      expect(JSON.parse(stderr.trim().split('\n').at(-1) ?? '')).toMatchObject({ error: { code: 'store.unavailable' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('port errors', () => {
  it('a dashboard port that is taken is port.unavailable (same message), not config.invalid; a bad port value stays config.invalid', () => {
    const taken = new SoswError('config.invalid', 'The dashboard cannot listen on 127.0.0.1:8787: in use. Pick another --port.', {
      details: { field: 'port', host: '127.0.0.1', port: 8787, errno: 'EADDRINUSE' },
    });
    expect(portError(taken)).toMatchObject({
      code: 'port.unavailable',
      message: taken.message,
      details: { errno: 'EADDRINUSE', port: 8787 },
    });
    expect(reportError(taken, false)).toBe(1);
    expect(stderr).toMatch(/^error \[port\.unavailable\]: The dashboard cannot listen/);
    expect(portError(new SoswError('config.invalid', 'port must be 0..65535', { details: { field: 'port' } }))).toBeNull();
    expect(portError(new SoswError('cli.usage', 'x', { details: { field: 'port', errno: 'EADDRINUSE' } }))).toBeNull();
  });
});
