/** Asynchronous invocation of a function (a labourer, the WorkerAssistant, a sibling). */
export interface Invoker {
  /**
   * Invoke `functionName` (a name or an ARN) asynchronously with `event` (JSON-serialisable).
   * Resolves once the invocation is accepted, not when it finishes. Fails with `invoke.failed`
   * or `invoke.unknownFunction`.
   */
  invoke(functionName: string, event: unknown): Promise<void>;
  /** The function's time limit in seconds, if the invoker knows it (cached by adapters). */
  timeoutSeconds(functionName: string): Promise<number | undefined>;
}
