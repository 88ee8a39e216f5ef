import { SoswError } from '../../core/errors.js';
import type { Notifier } from '../../ports/notifier.js';

export interface RecordedNotice {
  readonly subject: string;
  readonly messages: readonly string[];
}

/**
 * Keeps every notice in memory, for tests. `failNext()` makes the next delivery fail with
 * `notify.failed`, to test what happens when alarms cannot be sent.
 *
 * @example
 * const notifier = new RecordingNotifier();
 * await scavenger.run();
 * notifier.notices[0]?.messages; // one line per dead task
 */
export class RecordingNotifier implements Notifier {
  readonly #notices: RecordedNotice[] = [];
  #failures = 0;

  public get notices(): readonly RecordedNotice[] {
    return this.#notices;
  }

  public failNext(times = 1): void {
    this.#failures += times;
  }

  public async notify(subject: string, messages: readonly string[]): Promise<void> {
    if (this.#failures > 0) {
      this.#failures -= 1;
      throw new SoswError('notify.failed', `Notice "${subject}" was not delivered (RecordingNotifier.failNext).`, { details: { subject } });
    }
    this.#notices.push({ subject, messages: [...messages] });
  }

  public clear(): void {
    this.#notices.length = 0;
  }
}
