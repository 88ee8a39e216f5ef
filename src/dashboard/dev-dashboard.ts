/**
 * The dashboard of `sosw dev`: its flags (`--no-dashboard`, `--host`, `--port`, `--token`, env
 * SOSW_DASHBOARD_TOKEN) and starting it over the command's embedded runtime.
 */
import type { Command } from 'commander';
import { SoswError } from '../core/errors.js';
import type { EmbeddedRuntime } from '../local.js';
import { embeddedDashboardSource } from './embedded-source.js';
import { type DashboardServer, DEFAULT_DASHBOARD, startDashboardServer } from './server.js';

export interface DashboardFlags {
  /** False with `--no-dashboard`. */
  readonly dashboard?: boolean | undefined;
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly token?: string | undefined;
}

export interface DevDashboard {
  readonly url: string;
  /** Stop serving and sampling; the runtime is left alone. */
  close(): Promise<void>;
}

/** Add the dashboard flags to a command. */
export function withDashboardOptions(command: Command): Command {
  return command
    .option('--no-dashboard', 'do not serve the dashboard')
    .option('--host <host>', 'address the dashboard binds (any other than loopback needs --token)', DEFAULT_DASHBOARD.host)
    .option('--port <port>', 'port of the dashboard (0 = any free port)', String(DEFAULT_DASHBOARD.port))
    .option('--token <token>', 'token the dashboard asks for (env SOSW_DASHBOARD_TOKEN)');
}

/** `--port`: a whole number 0..65535 (`cli.usage` otherwise). */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new SoswError('cli.usage', `--port must be a whole number 0..65535 (0 = any free port), got ${JSON.stringify(text)}.`, {
      details: { field: 'port', received: text },
    });
  }
  return port;
}

/**
 * Serve the dashboard over `runtime`, unless `--no-dashboard`. Call it before scheduling jobs,
 * so the jobs page lists them.
 *
 * @example
 * const dashboard = await startDevDashboard(runtime, flags);
 * if (dashboard) writeLine(`Dashboard: ${dashboard.url}`);
 */
export async function startDevDashboard(
  runtime: EmbeddedRuntime,
  flags: DashboardFlags,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<DevDashboard | null> {
  if (flags.dashboard === false) return null;
  const source = embeddedDashboardSource(runtime);
  let server: DashboardServer;
  try {
    server = await startDashboardServer({
      source,
      host: flags.host ?? DEFAULT_DASHBOARD.host,
      port: parsePort(flags.port ?? String(DEFAULT_DASHBOARD.port)),
      token: flags.token ?? env.SOSW_DASHBOARD_TOKEN,
    });
  } catch (error) {
    await source.close();
    throw error;
  }
  source.start();
  return {
    url: server.url,
    async close() {
      await server.close();
      await source.close();
    },
  };
}
