/**
 * `sosw dashboard [--backend sqlite|aws]`: the dashboard of `sosw dev` over a project's store
 * without running anything: a SQLite file (running or stopped project) or an AWS deployment's
 * DynamoDB tables. Reads are bounded and reused for `--cache` ms; redrive, bulk redrive, pause /
 * resume / drain / limit and job cancel write as the CLI verbs do. Loopback and token rules as
 * `sosw dev`. Runs until Ctrl+C.
 */
import type { Command } from 'commander';
import { SoswError } from '../../core/errors.js';
import { parsePort } from '../../dashboard/dev-dashboard.js';
import { DEFAULT_PROJECT_CACHE_MS } from '../../dashboard/project-source.js';
import { DEFAULT_DASHBOARD } from '../../dashboard/server.js';
import { handleShutdownSignals } from '../../local.js';
import { withBackendOption } from '../backend.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { writeLine } from '../output.js';
import { startProjectDashboard } from '../project-dashboard.js';

interface DashboardCommandFlags {
  readonly backend?: string | undefined;
  readonly config?: string | undefined;
  readonly db?: string | undefined;
  readonly json?: boolean | undefined;
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly token?: string | undefined;
  readonly cache?: string | undefined;
}

function parseCache(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 250 || ms > 600_000) {
    throw new SoswError('cli.usage', `--cache must be whole milliseconds 250..600000, got ${JSON.stringify(text)}.`, {
      details: { field: 'cache', received: text },
    });
  }
  return ms;
}

export function register(program: Command): void {
  const command = program
    .command('dashboard')
    .description('serve the dashboard over a project’s store (sqlite file or aws tables) without running it')
    .option('--host <host>', 'address to bind (any other than loopback needs --token)', DEFAULT_DASHBOARD.host)
    .option('--port <port>', 'port (0 = any free port)', String(DEFAULT_DASHBOARD.port))
    .option('--token <token>', 'token the dashboard asks for (env SOSW_DASHBOARD_TOKEN)')
    .option('--cache <ms>', 'how long a read of the store is reused', String(DEFAULT_PROJECT_CACHE_MS));
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action(async (flags: DashboardCommandFlags) => {
    const cacheMs = parseCache(flags.cache ?? String(DEFAULT_PROJECT_CACHE_MS));
    const port = parsePort(flags.port ?? String(DEFAULT_DASHBOARD.port));
    const { project, server, close } = await startProjectDashboard(flags, {
      host: flags.host ?? DEFAULT_DASHBOARD.host,
      port,
      token: flags.token ?? process.env.SOSW_DASHBOARD_TOKEN,
      cacheMs,
    });
    if (flags.json === true) writeLine(JSON.stringify({ event: 'dashboard', url: server.url, store: project.dbPath }));
    else writeLine(`Dashboard: ${server.url} (store ${project.dbPath}; reads reused for ${cacheMs} ms). Ctrl+C to stop.`);
    await new Promise<void>((resolve, reject) => {
      handleShutdownSignals({
        onSignal: async () => {
          try {
            await close();
            resolve();
          } catch (error) {
            reject(error);
          }
        },
      });
    });
  });
}
