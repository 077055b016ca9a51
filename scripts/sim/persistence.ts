/**
 * Write-through persistence of the world to one JSON file, so the simulated cloud outlives its own
 * process the way a real cloud does. Each write is atomic (temp file, fsync, rename): a crash
 * leaves the old world or the new one, never half of one.
 *
 * Two kinds of change, two paces:
 *  - a request that changed the world (`commit`) is answered only once its change is on disk, like
 *    a cloud API that acknowledges durably. Commits are group-committed: one write at a time, and
 *    every commit that arrives during a write shares the next one, so load batches by itself;
 *  - transitions that time applied during a read (`markDirty`) are written within `debounceMs`.
 *    Losing them is harmless anyway: they are recomputed from the stored due times.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { upgradeWorldState } from './world/stateUpgrade';
import { assertWorldState, type WorldState } from './world/worldState';

export const DEFAULT_PERSIST_DEBOUNCE_MS = 50;

export interface PersistenceSource {
  readonly revision: number;
  readonly currentState: Readonly<WorldState>;
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Reads a state file; a missing file is a new world, a malformed one is an error (never silently
 * wiped), an older version is upgraded.
 */
export async function loadWorldState(file: string): Promise<WorldState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `${file}: sim state is not valid JSON (${(err as Error).message}); move it away to start a new world`,
    );
  }
  const upgraded = upgradeWorldState(value);
  assertWorldState(upgraded, file);
  return upgraded;
}

export async function writeFileAtomically(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export class StatePersistence {
  private persistedRevision: number;
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private writeAgain = false;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly source: PersistenceSource,
    private readonly opts: { debounceMs?: number; log?: (line: string) => void } = {},
  ) {
    this.persistedRevision = source.revision;
  }

  /** Resolves once every change made so far is on disk; rejects if that write failed. */
  commit(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('sim state persistence is closed'));
    if (this.source.revision === this.persistedRevision) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.startWrite();
    });
  }

  /** For changes nobody waits on: written within `debounceMs`. */
  markDirty(): void {
    if (this.closed || this.timer || this.source.revision === this.persistedRevision) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startWrite();
    }, this.opts.debounceMs ?? DEFAULT_PERSIST_DEBOUNCE_MS);
  }

  /** Writes whatever is pending and waits for it; used on close and shutdown. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.inFlight) await this.inFlight;
    if (this.source.revision !== this.persistedRevision) await this.commit();
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Starts a write now, or right after the one in flight (which may predate the newest changes). */
  private startWrite(): void {
    this.clearTimer();
    if (this.inFlight) {
      this.writeAgain = true;
      return;
    }
    const waiters = this.waiters.splice(0);
    this.inFlight = this.writeCurrentState().then(
      () => waiters.forEach((w) => w.resolve()),
      (err: Error) => {
        this.opts.log?.(`sim: could not write state to ${this.file}: ${err.message}`);
        waiters.forEach((w) => w.reject(err));
      },
    );
    void this.inFlight.then(() => {
      this.inFlight = undefined;
      if (this.writeAgain || this.waiters.length > 0) {
        this.writeAgain = false;
        this.startWrite();
      }
    });
  }

  private async writeCurrentState(): Promise<void> {
    const revision = this.source.revision;
    if (revision === this.persistedRevision) return;
    await writeFileAtomically(this.file, JSON.stringify(this.source.currentState));
    this.persistedRevision = revision;
  }
}
