/** In-process CLI tests: what `main()` writes to stdout and stderr goes to the callbacks instead (mocks restored by vitest). */
import { vi } from 'vitest';

export function captureStdio(write: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void }): void {
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    write.stdout(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    write.stderr(String(chunk));
    return true;
  });
}
