/** Delivers alarms (dead tasks, `die()`), e.g. through SNS or the console. */
export interface Notifier {
  /** Deliver one notice made of `messages` (joined by the adapter). Must actually deliver before resolving. */
  notify(subject: string, messages: readonly string[]): Promise<void>;
}
