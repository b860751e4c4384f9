/** Captures what a CLI command writes to stdout and stderr, for tests that call it in-process. */
import { vi } from 'vitest';

export interface Captured {
  stdout: string;
  stderr: string;
}

/** Starts capturing (call in beforeEach; vi.restoreAllMocks() in afterEach stops it). */
export function captureOutput(): Captured {
  const captured: Captured = { stdout: '', stderr: '' };
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    captured.stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    captured.stderr += String(chunk);
    return true;
  });
  return captured;
}
