import { deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/**
 * The QR as a greyscale PNG, four pixels per module with the 4-module quiet zone: a few
 * kilobytes once deflated. pdfmake's own QR encodes twice and draws every module as a vector
 * rectangle, which costs several times more per fiche; a batch of a thousand feels it.
 */
/** Pixels per module: enough that a reader rasterising the page at 200 dpi keeps modules even. */
const SCALE = 4;

export function qrPng(text: string): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cells = modules.size + 8;
  const size = cells * SCALE;
  const stride = size + 1;
  const raw = Buffer.alloc(stride * size, 0xff);
  for (let y = 0; y < size; y++) {
    raw[y * stride] = 0; // filter: none
    const m = Math.floor(y / SCALE) - 4;
    if (m < 0 || m >= modules.size) continue;
    for (let n = 0; n < modules.size; n++)
      if (modules.get(m, n)) raw.fill(0, y * stride + 1 + (n + 4) * SCALE, y * stride + 1 + (n + 5) * SCALE);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
