import type { Notifier } from '../../ports/notifier.js';

export interface ConsoleNotifierOptions {
  /** Where notices go. @defaultValue standard error */
  readonly write?: ((text: string) => void) | undefined;
}

/**
 * Prints notices (dead tasks, `die()`) for local runs: a subject line, then one line per message.
 *
 * @example
 * await new ConsoleNotifier().notify('``sosw`` Dead Task', ['Closing dead task: abc']);
 */
export class ConsoleNotifier implements Notifier {
  readonly #write: (text: string) => void;

  public constructor(options: ConsoleNotifierOptions = {}) {
    this.#write = options.write ?? ((text: string): void => void process.stderr.write(text));
  }

  public async notify(subject: string, messages: readonly string[]): Promise<void> {
    this.#write(`[sosw] ${subject}\n${messages.map((m) => `  ${m}`).join('\n')}\n`);
  }
}
