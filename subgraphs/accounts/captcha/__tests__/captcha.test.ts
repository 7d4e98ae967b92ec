import { leadingZeroBits } from '../captcha';

describe('leadingZeroBits', () => {
  it.each([
    [[0xff], 0],
    [[0x80], 0],
    [[0x7f], 1],
    [[0x01], 7],
    [[0x00, 0x10], 11],
    [[0x00, 0x00], 16],
  ])('%j has %i', (bytes, bits) => expect(leadingZeroBits(Buffer.from(bytes))).toBe(bits));
});
