/**
 * The dashboard over a project's store as `sosw dashboard` serves it: the project opened on its
 * backend, its job records where it keeps them, the read-mostly source and the HTTP server.
 * Shared by the command and the benchmark that counts an open page's DynamoDB requests.
 */
import type { AwsClients } from '../aws-composition.js';
import type { Clock } from '../core/clock.js';
import { SoswError } from '../core/errors.js';
import { type ProjectDashboardSource, projectDashboardSource } from '../dashboard/project-source.js';
import { type DashboardServer, startDashboardServer } from '../dashboard/server.js';
import { type BackendFlags, openProjectOn, type ProjectHandle } from './backend.js';

export interface ProjectDashboardOptions {
  readonly host: string;
  readonly port: number;
  readonly token?: string | undefined;
  readonly cacheMs: number;
  readonly clock?: Clock | undefined;
  /** Ready SDK clients for the aws backend (the request-counting benchmark). */
  readonly awsClients?: AwsClients | undefined;
}

export interface ProjectDashboard {
  readonly project: ProjectHandle;
  readonly source: ProjectDashboardSource;
  readonly server: DashboardServer;
  /** Stop serving and close the project. */
  close(): Promise<void>;
}

/**
 * @example
 * const dashboard = await startProjectDashboard({ backend: 'aws' }, { host: '127.0.0.1', port: 0, cacheMs: 5000 });
 * console.log(dashboard.server.url);
 * await dashboard.close();
 */
export async function startProjectDashboard(flags: BackendFlags, options: ProjectDashboardOptions): Promise<ProjectDashboard> {
  const project = await openProjectOn(flags, { awsClients: options.awsClients });
  let server: DashboardServer;
  let source: ProjectDashboardSource;
  try {
    const jobs = await project.jobs().then(
      (access) => access.api,
      (error: unknown) => {
        if (error instanceof SoswError && error.code === 'job.notConfigured') return undefined;
        throw error;
      },
    );
    source = projectDashboardSource(
      {
        projectName: project.projectName,
        labourers: project.labourers,
        store: project.store,
        metaLog: project.metaLog,
        controls: project.controls,
        jobs,
        status: () => project.status(),
      },
      { cacheMs: options.cacheMs, clock: options.clock },
    );
    server = await startDashboardServer({
      source,
      host: options.host,
      port: options.port,
      token: options.token,
      // The page's live updates come no faster than the reads they would show.
      eventIntervalMs: Math.max(1000, options.cacheMs),
    });
  } catch (error) {
    await project.stop();
    throw error;
  }
  source.start();
  return {
    project,
    source,
    server,
    async close() {
      await server.close();
      await source.close();
      await project.stop();
    },
  };
}
