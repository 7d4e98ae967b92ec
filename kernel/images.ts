import { badInput } from './errors';

/** Images people upload (avatars, a campaign's logo and chat images): JPEG or PNG, at most 5 MB. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export type ImageType = 'image/jpeg' | 'image/png';

/** Recognises JPEG and PNG by their leading bytes: the name or a declared type proves nothing. */
export function imageTypeOf(bytes: Buffer): ImageType | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length > 24 && bytes.subarray(0, 8).equals(png) && bytes.subarray(12, 16).toString('latin1') === 'IHDR') return 'image/png';
  return null;
}

/**
 * An uploaded image, sent base64-encoded (a data: URL prefix is accepted): checked for size before
 * it is decoded, and for its content, not its name. `what` names it in errors ("The avatar").
 */
export function decodeImage(field: string, base64: string, what: string): { bytes: Buffer; contentType: ImageType } {
  const text = String(base64 ?? '').replace(/^data:[^,]*,/, '');
  if (text.length > Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw badInput(field, `${what} must be base64-encoded and at most 5 MB`);
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_IMAGE_BYTES) throw badInput(field, `${what} must be at most 5 MB`);
  const contentType = imageTypeOf(bytes);
  if (!contentType) throw badInput(field, `${what} must be a JPEG or PNG image`);
  return { bytes, contentType };
}
