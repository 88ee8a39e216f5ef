/** Named config documents (the original's `config` table, SSM, Secrets Manager, files). */
export interface ConfigSource {
  /** The document named `name` (e.g. `sosw_orchestrator_config`), or null if there is none. */
  get(name: string): Promise<Record<string, unknown> | null>;
}
