import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets kept at rest encrypted (a company's SMTP password): AES-256-GCM with a key derived from
 * APP_SECRET and the purpose, so the database alone never reveals them, and a tampered value fails
 * to decrypt instead of decrypting to something else. Stored as base64 of iv | tag | ciphertext.
 */
const keyOf = (appSecret: string, purpose: string) => createHash('sha256').update(`${purpose}\0${appSecret}`).digest();

export function encryptSecret(plain: string, appSecret: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(appSecret, purpose), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function decryptSecret(stored: string, appSecret: string, purpose: string): string {
  const raw = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(appSecret, purpose), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
