import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * File primitives of the small stores shared by workers through a directory (secrets, bare-metal
 * host claims): private files (dirs 0700, files 0600), written so that no reader ever sees half a
 * file, and created so that concurrent writers agree on one winner.
 */

/** The file's text; `undefined` when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeTemporary(path: string, data: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode: 0o600, flag: 'wx' });
  await chmod(tmp, 0o600); // the umask may have narrowed nothing but may not widen either: be explicit
  return tmp;
}

/**
 * Creates `path` with `data` unless it exists: the temporary file is hard-linked into place, and
 * the link fails when the name is taken. Answers whether this call created it.
 */
export async function createFileExclusively(path: string, data: string): Promise<boolean> {
  const tmp = await writeTemporary(path, data);
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false; // another writer won: theirs stands
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Replaces `path` with `data` in one step (rename): readers see the old file or the new one. */
export async function replaceFile(path: string, data: string): Promise<void> {
  await rename(await writeTemporary(path, data), path);
}
