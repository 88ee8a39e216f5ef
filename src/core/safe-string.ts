/**
 * `String(value)` that never throws: `throw { toString: 5 }` or `throw Object.create(null)` made the
 * conversion itself throw, and the failure report was lost (the task only expired, attempts later).
 */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
}
