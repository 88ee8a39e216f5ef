/** A Logger that keeps each message by level, for tests that assert what was logged. */
import type { Logger } from '../../src/ports/logger.js';

export interface RecordingLogger extends Logger {
  readonly messages: Record<'debug' | 'info' | 'warn' | 'error', string[]>;
}

export function recordingLogger(): RecordingLogger {
  const messages = { debug: [] as string[], info: [] as string[], warn: [] as string[], error: [] as string[] };
  return {
    messages,
    debug: (_fields, message) => void messages.debug.push(message),
    info: (_fields, message) => void messages.info.push(message),
    warn: (_fields, message) => void messages.warn.push(message),
    error: (_fields, message) => void messages.error.push(message),
  };
}
