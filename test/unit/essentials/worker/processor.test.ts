import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryConfigSource } from '../../../../src/adapters/local/memory-config-source.js';
import { SoswError } from '../../../../src/core/errors.js';
import { assembleConfig, ESSENTIAL_CONFIG_NAME, Processor } from '../../../../src/essentials/worker/processor.js';
import type { ConfigSource } from '../../../../src/ports/config-source.js';
import { silentLogger } from '../../../../src/ports/logger.js';
import type { Notifier } from '../../../../src/ports/notifier.js';
import { watchUnhandledRejections } from './helpers.js';

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
    // die() throws at once (typed Promise<never>): a forgotten `await` must still stop the caller,
    // and no rejected promise may be left for nobody to handle.
    let unhandled: ReturnType<typeof watchUnhandledRejections>;
    beforeEach(() => {
      unhandled = watchUnhandledRejections();
    });
    afterEach(() => unhandled.stop());

    it('throws processor.died synchronously, then notifies once with "<function> died"', async () => {
      // Prepare
      const sent: Array<{ subject: string; messages: readonly string[] }> = [];
      const notifier: Notifier = { notify: async (subject, messages) => void sent.push({ subject, messages }) };
      const processor = new Processor({ notifier, logger: silentLogger });

      // Act
      let thrown: unknown;
      try {
        void processor.die();
      } catch (error) {
        thrown = error;
      }
      await processor.noticesSent();
      await unhandled.settle();

      // Assert
      expect(thrown).toMatchObject({ code: 'processor.died', message: 'Some Function died: Unknown Failure' });
      expect(sent).toEqual([{ subject: 'Some Function died', messages: ['Unknown Failure'] }]);
      expect(processor.pendingNotices).toBe(0);
      expect(unhandled.reasons).toEqual([]);
    });

    it('rejects an awaiting caller exactly as before', async () => {
      const processor = new Processor({ functionName: 'my_fn', logger: silentLogger });
      const run = async (): Promise<void> => {
        await processor.die('bad input');
      };
      await expect(run()).rejects.toMatchObject({ code: 'processor.died', message: 'my_fn died: bad input' });
    });

    it('keeps the notice pending until it is delivered', async () => {
      let deliver: () => void = () => {};
      const notifier: Notifier = { notify: () => new Promise<void>((resolve) => (deliver = resolve)) };
      const processor = new Processor({ notifier, logger: silentLogger });
      expect(() => processor.die('x')).toThrow(SoswError);
      expect(processor.pendingNotices).toBe(1);
      const sent = processor.noticesSent();
      deliver();
      await sent;
      expect(processor.pendingNotices).toBe(0);
    });

    it('still throws, logs, and leaves no unhandled rejection when the notice cannot be delivered', async () => {
      // Prepare
      const errors: string[] = [];
      const logger = { ...silentLogger, error: (_fields: Record<string, unknown>, message: string) => void errors.push(message) };
      const notifier: Notifier = { notify: async () => Promise.reject(new Error('sns down')) };
      const processor = new Processor({ functionName: 'my_fn', notifier, logger });

      // Act
      expect(() => processor.die('bad input')).toThrow('my_fn died: bad input');
      await processor.noticesSent();
      await unhandled.settle();

      // Assert
      expect(errors).toEqual(['bad input', 'die(): the notice could not be delivered']);
      expect(unhandled.reasons).toEqual([]);
    });

    it('leaves no unhandled rejection when the logger itself throws while reporting the notice failure', async () => {
      const logger = {
        ...silentLogger,
        warn: () => {
          throw new Error('logger broken');
        },
      };
      const processor = new Processor({ logger });
      expect(() => processor.die()).toThrow(SoswError);
      await processor.noticesSent();
      await unhandled.settle();
      expect(unhandled.reasons).toEqual([]);
    });
  });
});
