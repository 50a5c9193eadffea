// Float64 arrays travel in snapshots as base64 of their bytes: exact to the bit and about
// 11 characters a number, which keeps a week of seasonal profile well under 16 KB of JSON.

export function encodeFloats(values: Float64Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function decodeFloats(text: string, length: number): Float64Array {
  const binary = atob(text);
  if (binary.length !== length * 8) throw new Error(`snapshot array has ${binary.length / 8} values, expected ${length}`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float64Array(bytes.buffer);
}
