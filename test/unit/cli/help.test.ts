import { describe, expect, it } from 'vitest';
import { buildLightProgram, namesNoVerb, SOSW_VERSION, VERBS } from '../../../src/cli/help.js';
import { buildProgram } from '../../../src/cli/program.js';

describe('the light program for sosw --version / --help', () => {
  it('prints the same help as the full program, so the verb list cannot drift', () => {
    expect(buildLightProgram().helpInformation()).toBe(buildProgram().helpInformation());
  });

  it('lists every verb the full program registers, in order', () => {
    expect(VERBS.map((v) => v.name)).toEqual(buildProgram().commands.map((c) => c.name()));
  });

  it('answers only when argv names no verb', () => {
    expect(namesNoVerb(['node', 'sosw', '--version'])).toBe(true);
    expect(namesNoVerb(['node', 'sosw', '--help'])).toBe(true);
    expect(namesNoVerb(['node', 'sosw'])).toBe(true);
    expect(namesNoVerb(['node', 'sosw', 'status', '--help'])).toBe(false);
    expect(namesNoVerb(['node', 'sosw', '--json', 'status'])).toBe(false);
  });

  it('every verb but synth takes --json; the project verbs but synth take --db (README, docs/local.md)', () => {
    const verbs = buildProgram().commands;
    const takes = (flag: string) => verbs.filter((c) => c.options.some((o) => o.long === flag)).map((c) => c.name());
    expect(verbs.map((c) => c.name()).filter((n) => !takes('--json').includes(n))).toEqual(['synth']);
    expect(takes('--db')).toEqual(expect.arrayContaining(['schedule', 'status', 'jobs', 'cancel', 'tasks', 'redrive', 'dev']));
    expect(takes('--db')).not.toContain('synth');
  });

  it('reports the version from package.json', async () => {
    const { default: pkg } = await import('../../../package.json', { with: { type: 'json' } });
    expect(SOSW_VERSION).toBe(pkg.version);
  });
});
