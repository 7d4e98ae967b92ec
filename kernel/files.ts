import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { signPayload, verifyPayload } from './auth';

/**
 * Attachment bytes on disk, one file per attachment id, under ATTACHMENTS_DIR (DATA_DIR/attachments
 * by default). Every process sharing the directory serves the same files: the gateway writes and
 * reads them through signed links, the conversations subgraph checks an upload is complete.
 */
export class FileStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private pathOf(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('Not a file id');
    return join(this.dir, id);
  }

  /** Size in bytes of a stored file, or null when there is none (yet). */
  async sizeOf(id: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(id))).size;
    } catch {
      return null;
    }
  }

  read(id: string): Readable {
    return createReadStream(this.pathOf(id));
  }

  async remove(id: string): Promise<void> {
    await unlink(this.pathOf(id)).catch(() => undefined);
  }

  /**
   * Streams a body into the store. Written to a temporary name first and renamed at the end, so
   * a file under its id is always complete; more than `maxBytes` aborts with a TooLarge error.
   */
  async save(id: string, body: Readable, maxBytes: number): Promise<number> {
    const target = this.pathOf(id);
    const partial = `${target}.${process.pid}.${Date.now()}.part`;
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes) throw new FileTooLargeError(maxBytes);
            yield chunk;
          }
        },
        createWriteStream(partial, { flags: 'wx' }),
      );
      await rename(partial, target);
      return size;
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      throw error;
    }
  }
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}

/** What a signed upload link lets its holder do: put at most `size` bytes under `id`, once, before `exp`. */
export interface UploadGrant {
  id: string;
  size: number;
  exp: number;
}

/** What a signed download link serves: the file `id`, named and typed as uploaded, until `exp`. */
export interface DownloadGrant {
  id: string;
  name: string;
  type: string;
  exp: number;
}

const UPLOAD = 'attachment-upload';
const DOWNLOAD = 'attachment-download';

export const signUploadGrant = (grant: UploadGrant, secret: string) => signPayload(grant, secret, UPLOAD);
export const signDownloadGrant = (grant: DownloadGrant, secret: string) => signPayload(grant, secret, DOWNLOAD);

/** The grant, when the token is genuine and unexpired (verifyPayload enforces `exp`). */
export const verifyUploadGrant = (token: string, secret: string) => verifyPayload<UploadGrant>(token, secret, UPLOAD);
export const verifyDownloadGrant = (token: string, secret: string) => verifyPayload<DownloadGrant>(token, secret, DOWNLOAD);
