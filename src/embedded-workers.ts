/**
 * The embedded runtime's workers: each labourer's export (from its handler module or the
 * `handlers` option) turned into an in-process handler. Every kind of worker is built the one way
 * (`buildWorker`) with the runtime's own invoker and config source, so reports go to the in-process
 * WorkerAssistant and config comes from the project, never from the collaborators a Lambda entry
 * was written with.
 */

import { ChainConfigSource } from './adapters/local/chain-config-source.js';
import { FileConfigSource } from './adapters/local/file-config-source.js';
import type { InProcessInvoker } from './adapters/local/in-process-invoker.js';
import type { InProcessHandler } from './adapters/local/invocation-context.js';
import { MemoryConfigSource } from './adapters/local/memory-config-source.js';
import { handlerLocations, importHandlerExport, type LoadedProject } from './adapters/local/project-loader.js';
import type { Clock } from './core/clock.js';
import type { ConfigDocument } from './core/config/deep-merge.js';
import { type Env, processEnv } from './core/config/env-keys.js';
import type { LabourerConfig } from './core/config/task-config.js';
import { SoswError } from './core/errors.js';
import { buildWorker, isWorkerClass, type WorkerSource } from './essentials/worker/build-worker.js';
import { defineWorker, type WorkerFunction } from './essentials/worker/define-worker.js';
import { lambdaHandlerSource } from './essentials/worker/lambda-handler.js';
import { Worker } from './essentials/worker/worker.js';
import type { ConfigSource } from './ports/config-source.js';
import type { Logger } from './ports/logger.js';

/** What the runtime builds every worker with. */
export interface EmbeddedWorkerDeps {
  readonly invoker: InProcessInvoker;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where `<labourer id>_config` documents come from (see {@link workerConfigSource}). */
  readonly configSource: ConfigSource;
}

/** Where a labourer's export came from, for messages: `export "handler" of ./w.ts` or the option. */
interface ExportPlace {
  readonly labourerId: string;
  readonly what: string;
  readonly field: string;
  readonly exportName?: string | undefined;
}

/**
 * The workers' config source: the project's own documents, then `configSource` when given, else
 * the files `SOSW_CONFIG_PATH` names (a folder of `<name>.json` or one JSON file), as for any
 * worker run outside Lambda. The project's documents are all `sosw_*` ones, so a worker's
 * `<labourer id>_config` always comes from the second source.
 */
export function workerConfigSource(
  projectDocs: Readonly<Record<string, ConfigDocument>>,
  configSource?: ConfigSource,
  env: Env = processEnv(),
): ConfigSource {
  const own = new MemoryConfigSource(projectDocs);
  const given = configSource ?? FileConfigSource.fromEnv(env);
  return given === undefined ? own : new ChainConfigSource([own, given]);
}

function refused(place: ExportPlace, problem: string, fix: string): SoswError {
  return new SoswError('config.handlerNotFound', `Labourer ${place.labourerId}: ${place.what} ${problem} ${fix}`, {
    details: {
      labourerId: place.labourerId,
      field: place.field,
      ...(place.exportName === undefined ? {} : { exportName: place.exportName }),
    },
  });
}

/** A worker export (Worker class, `lambdaHandler(...)`, plain function, or `{ handle }`) as an in-process handler. */
export async function adaptWorker(place: ExportPlace, value: unknown, deps: EmbeddedWorkerDeps): Promise<InProcessHandler> {
  const lambda = lambdaHandlerSource(value);
  if (lambda !== undefined) {
    // Its own invoker, config source and notifier are for AWS; the worker and its config layers are kept.
    return build(place.labourerId, lambda.source, deps, { defaults: lambda.defaults, config: lambda.config });
  }
  if (value instanceof Worker) {
    throw refused(
      place,
      'is a Worker instance, built with an invoker of its own, so its reports would not reach the embedded WorkerAssistant (or would reach AWS).',
      'Export the Worker class (or lambdaHandler(TheClass, ...)) instead: the runtime builds it with its own invoker and config.',
    );
  }
  if (typeof value === 'object' && value !== null && typeof (value as { handle?: unknown }).handle === 'function') {
    const worker = value as { handle: (event: unknown, ctx: unknown) => Promise<unknown> };
    return (event, ctx) => worker.handle(event, ctx);
  }
  if (typeof value !== 'function') {
    throw refused(
      place,
      `is ${value === null ? 'null' : typeof value}.`,
      'Export a Worker class (defineWorker or extends Worker), lambdaHandler(...) of one, a function (payload, ctx) => result, or an object with handle(event, ctx).',
    );
  }
  const source = isWorkerClass(value)
    ? value
    : defineWorker(value as WorkerFunction<Record<string, unknown>, unknown>, { name: place.labourerId });
  return build(place.labourerId, source, deps, {});
}

async function build(
  labourerId: string,
  source: WorkerSource,
  deps: EmbeddedWorkerDeps,
  layers: { readonly defaults?: ConfigDocument | undefined; readonly config?: ConfigDocument | undefined },
): Promise<InProcessHandler> {
  const worker = await buildWorker(source, {
    functionName: labourerId,
    ...deps,
    ...layers,
    reportRetry: { attempts: 3, baseDelayMs: 50 },
  });
  return (event, ctx) => worker.handle(event, ctx);
}

/** Import the labourers' handler modules (unless `loadHandlers` is false), adapt the exports and register them. */
export async function registerWorkers(
  project: LoadedProject,
  labourers: readonly LabourerConfig[],
  options: { readonly handlers?: Readonly<Record<string, unknown>> | undefined; readonly loadHandlers?: boolean | undefined },
  deps: EmbeddedWorkerDeps,
): Promise<void> {
  const given = options.handlers ?? {};
  const exports = new Map<string, { value: unknown; place: ExportPlace }>();
  for (const [labourerId, value] of Object.entries(given)) {
    exports.set(labourerId, { value, place: { labourerId, what: `the handlers.${labourerId} option`, field: `handlers.${labourerId}` } });
  }
  if (options.loadHandlers !== false) {
    const withoutGiven = Object.fromEntries(Object.entries(project.config.labourers).filter(([id]) => given[id] === undefined));
    for (const location of handlerLocations({ ...project, config: { ...project.config, labourers: withoutGiven } })) {
      const place = {
        labourerId: location.labourerId,
        what: `export ${JSON.stringify(location.exportName)} of ${location.modulePath}`,
        field: `labourers.${location.labourerId}.handler`,
        exportName: location.exportName,
      };
      exports.set(location.labourerId, { value: await importHandlerExport(location), place });
    }
  }
  for (const [labourerId, { value, place }] of exports) {
    const settings = project.config.labourers[labourerId];
    const labourer = labourers.find((l) => l.id === labourerId);
    deps.invoker.register(labourerId, {
      handler: await adaptWorker(place, value, deps),
      timeoutSeconds: settings?.timeout ?? labourer?.maxDuration ?? labourer?.durationSeconds,
      concurrency: Math.max(1, labourer?.maxSimultaneousInvocations ?? 1000),
    });
  }
}
