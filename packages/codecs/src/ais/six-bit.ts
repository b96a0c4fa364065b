/**
 * AIS payloads are "6-bit ASCII armoured": each character carries six bits of the message. This reader
 * unpacks them once into a bit array and reads unsigned, signed (two's complement) and text fields.
 */
export class SixBitPayload {
  readonly bitLength: number;
  private readonly bits: Uint8Array;

  private constructor(bits: Uint8Array, bitLength: number) {
    this.bits = bits;
    this.bitLength = bitLength;
  }

  /** Returns null when the payload holds a character outside the AIS armouring alphabet. */
  static parse(payload: string, fillBits: number): SixBitPayload | null {
    const bits = new Uint8Array(payload.length * 6);
    for (let i = 0; i < payload.length; i++) {
      const code = payload.charCodeAt(i);
      // Valid armouring characters are '0'..'W' (48..87) and '`'..'w' (96..119).
      if (code < 48 || code > 119 || (code > 87 && code < 96)) return null;
      let value = code - 48;
      if (value > 40) value -= 8;
      for (let bit = 0; bit < 6; bit++) bits[i * 6 + bit] = (value >> (5 - bit)) & 1;
    }
    return new SixBitPayload(bits, Math.max(0, bits.length - fillBits));
  }

  has(start: number, length: number): boolean {
    return start + length <= this.bitLength;
  }

  /** Unsigned integer of up to 32 bits starting at bit `start`. */
  uint(start: number, length: number): number {
    let value = 0;
    for (let i = 0; i < length; i++) value = value * 2 + (this.bits[start + i] ?? 0);
    return value;
  }

  /** Two's-complement signed integer of up to 32 bits. */
  int(start: number, length: number): number {
    const value = this.uint(start, length);
    return value >= 2 ** (length - 1) ? value - 2 ** length : value;
  }

  /** Six-bit AIS text, with `@` padding and trailing spaces removed; null when empty. */
  text(start: number, length: number): string | null {
    let text = '';
    for (let offset = 0; offset + 6 <= length && this.has(start + offset, 6); offset += 6) {
      const value = this.uint(start + offset, 6);
      text += String.fromCharCode(value < 32 ? value + 64 : value);
    }
    const atIndex = text.indexOf('@');
    const trimmed = (atIndex >= 0 ? text.slice(0, atIndex) : text).trim();
    return trimmed === '' ? null : trimmed;
  }
}
