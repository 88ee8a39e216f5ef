import { describe, expect, it } from 'vitest';
import { MemoryConfigSource } from '../../../../src/adapters/local/memory-config-source.js';
import { SoswError } from '../../../../src/core/errors.js';
import { assembleConfig, ESSENTIAL_CONFIG_NAME, Processor } from '../../../../src/essentials/worker/processor.js';
import type { ConfigSource } from '../../../../src/ports/config-source.js';
import { silentLogger } from '../../../../src/ports/logger.js';
import type { Notifier } from '../../../../src/ports/notifier.js';

function recordingSource(documents: Record<string, Record<string, unknown>>): ConfigSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get: async (name) => {
      asked.push(name);
      return documents[name] ?? null;
    },
  };
}

describe('assembleConfig', () => {
  it('asks the source exactly once for <function>_config (spec unit-test fact)', async () => {
    const source = recordingSource({});
    await assembleConfig({ configSource: source, env: { AWS_LAMBDA_FUNCTION_NAME: 'test_func' } });
    expect(source.asked).toEqual(['test_func_config']);
  });

  it('layers defaults < function config < explicit options', async () => {
    // Prepare
    const source = recordingSource({ my_fn_config: { a: 2, nested: { y: 2, list: [1, 2] } } });

    // Act
    const { config } = await assembleConfig({
      functionName: 'my_fn',
      configSource: source,
      defaults: { a: 1, b: 1, nested: { x: 1, list: [0] } },
      config: { b: 3 },
    });

    // Assert
    expect(config).toEqual({ a: 2, b: 3, nested: { x: 1, y: 2, list: [1, 2] } });
  });

  it('reads the shared essential config only for essentials, and lets it beat class defaults (weakness 52)', async () => {
    // Prepare
    const documents = {
      [ESSENTIAL_CONFIG_NAME]: { task_config: { labourers: { some_function: { arn: 'arn:1' } } }, max_attempts: 9 },
      sosw_orchestrator_config: { task_config: { labourers: { sandbox: { arn: 'arn:2' } } } },
    };
    const essentialSource = recordingSource(documents);
    const plainSource = recordingSource(documents);

    // Act
    const essential = await assembleConfig({
      functionName: 'sosw_orchestrator',
      essential: true,
      configSource: essentialSource,
      defaults: { max_attempts: 3 },
      config: { test: true },
    });
    const plain = await assembleConfig({ functionName: 'sosw_orchestrator', configSource: plainSource, defaults: { max_attempts: 3 } });

    // Assert
    expect(essentialSource.asked).toEqual([ESSENTIAL_CONFIG_NAME, 'sosw_orchestrator_config']);
    expect(essential.config).toEqual({
      max_attempts: 9,
      test: true,
      task_config: { labourers: { some_function: { arn: 'arn:1' }, sandbox: { arn: 'arn:2' } } },
    });
    expect(plainSource.asked).toEqual(['sosw_orchestrator_config']);
    expect(plain.config.max_attempts).toBe(3);
  });

  it('does not read a function config when no function name is known', async () => {
    const source = recordingSource({});
    const { config, functionName } = await assembleConfig({ configSource: source, env: {}, defaults: { a: 1 } });
    expect(source.asked).toEqual([]);
    expect(functionName).toBeUndefined();
    expect(config).toEqual({ a: 1 });
  });

  it('returns a frozen config', async () => {
    const { config } = await assembleConfig({ env: {}, defaults: { nested: { a: 1 } } });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.nested)).toBe(true);
  });

  it('wraps a failing source in config.sourceUnavailable', async () => {
    const source: ConfigSource = { get: async () => Promise.reject(new Error('boom')) };
    await expect(assembleConfig({ functionName: 'f', configSource: source })).rejects.toMatchObject({ code: 'config.sourceUnavailable' });
  });

  it('rejects a document that is not an object', async () => {
    const source = { get: async () => 'text' } as unknown as ConfigSource;
    await expect(assembleConfig({ functionName: 'f', configSource: source })).rejects.toMatchObject({ code: 'config.invalid' });
  });
});

describe('Processor', () => {
  describe('create', () => {
    it('builds the processor from the assembled config and the test flag', async () => {
      const source = new MemoryConfigSource({ f_config: { lifetime_stats_params: ['warm_since'] } });
      const processor = await Processor.create({ functionName: 'f', configSource: source, env: { STAGE: 'test' }, logger: silentLogger });
      processor.stats.set('warm_since', 5);
      processor.stats.increment('calls');
      processor.resetStats();
      expect(processor.test).toBe(true);
      expect(processor.getStats()).toEqual({ warm_since: 5, total_calls: 1 });
    });

    it('rejects lifetime_stats_params that is not a list of names', async () => {
      await expect(Processor.create({ env: {}, config: { lifetime_stats_params: 'x' }, logger: silentLogger })).rejects.toMatchObject({
        code: 'config.invalid',
      });
    });
  });

  describe('section', () => {
    it('returns a nested section, {} when absent, and fails for a non-object', () => {
      const processor = new Processor({ config: { task_config: { a: 1 }, bad: 3 }, logger: silentLogger });
      expect(processor.section('task_config')).toEqual({ a: 1 });
      expect(processor.section('missing')).toEqual({});
      expect(() => processor.section('bad')).toThrow(/Config bad must be an object/);
    });
  });

  describe('die', () => {
    it('notifies once with "<function> died" and throws processor.died', async () => {
      // Prepare
      const sent: Array<{ subject: string; messages: readonly string[] }> = [];
      const notifier: Notifier = { notify: async (subject, messages) => void sent.push({ subject, messages }) };
      const processor = new Processor({ notifier, logger: silentLogger });

      // Act
      const died = processor.die();

      // Assert
      await expect(died).rejects.toMatchObject({ code: 'processor.died' });
      expect(sent).toEqual([{ subject: 'Some Function died', messages: ['Unknown Failure'] }]);
    });

    it('still throws when the notice cannot be delivered', async () => {
      const notifier: Notifier = { notify: async () => Promise.reject(new Error('sns down')) };
      const processor = new Processor({ functionName: 'my_fn', notifier, logger: silentLogger });
      const error = await processor.die('bad input').catch((e: unknown) => e);
      expect(SoswError.is(error, 'processor')).toBe(true);
      expect((error as Error).message).toBe('my_fn died: bad input');
    });
  });
});
