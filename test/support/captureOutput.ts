/**
 * What the CLI prints while a test runs it in-process: console.log (and, with `stdout`, direct
 * writes to process.stdout) into `out`, console.error into `err`, one entry per call; `restore()`
 * puts the real streams back.
 */
export function captureOutput(opts: { stdout?: boolean } = {}): { out: string[]; err: string[]; restore: () => void } {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' '))),
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' '))),
    ...(opts.stdout ? [jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true))] : []),
  ];
  return { out, err, restore: () => spies.forEach((s) => s.mockRestore()) };
}
