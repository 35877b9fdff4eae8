import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { qrPng } from '../../src-main/modules/printing/qrImage';
import { generateOfficeKeys, signClaims } from '../../src-main/modules/printing/signing';
import { cameraError, decodeQr, type Frame } from '../../src-renderer/composables/useQrScanner';

const keys = generateOfficeKeys();
const payload = signClaims(
  {
    o: 'MOR',
    n: 'MOR-2026-000123',
    r: 'I-2026-000456',
    nm: 'Abdérémane Saïd Ali F',
    dob: '2008-03-14',
    ex: 'BAC-A',
    v: 1,
    h: '0123456789abcdef',
  },
  keys.privatePem,
);

async function frameOf(image: sharp.Sharp): Promise<Frame> {
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

/** What a webcam sees: the fiche's QR, a little tilted and smaller, on a grey desk in a 16:9 frame. */
async function cameraFrame(png: Buffer): Promise<Frame> {
  const held = await sharp(png).resize({ width: 300 }).rotate(8, { background: '#ffffff' }).png().toBuffer();
  return frameOf(
    sharp({ create: { width: 800, height: 450, channels: 3, background: '#8a8f96' } }).composite([
      { input: held, left: 300, top: 40 },
    ]),
  );
}

describe('decodeQr', () => {
  it('reads the signed payload from the QR image the fiche prints', async () => {
    expect(decodeQr(await frameOf(sharp(qrPng(payload))))).toBe(payload);
  });

  it('reads it from a camera-like frame where the code is tilted and off-centre', async () => {
    expect(decodeQr(await cameraFrame(qrPng(payload)))).toBe(payload);
  });

  it('finds nothing in a frame without a code', async () => {
    const empty = await frameOf(sharp({ create: { width: 800, height: 450, channels: 3, background: '#8a8f96' } }));
    expect(decodeQr(empty)).toBeNull();
  });
});

describe('cameraError', () => {
  it('tells a refusal apart from a missing or busy camera', () => {
    expect(cameraError(new DOMException('Permission denied', 'NotAllowedError'))).toBe('denied');
    expect(cameraError(new DOMException('Blocked by policy', 'SecurityError'))).toBe('denied');
    expect(cameraError(new DOMException('Requested device not found', 'NotFoundError'))).toBe('unavailable');
    expect(cameraError(new DOMException('Could not start video source', 'NotReadableError'))).toBe('unavailable');
    // Over plain http on another host, navigator.mediaDevices does not exist at all.
    expect(cameraError(new TypeError("Cannot read properties of undefined (reading 'getUserMedia')"))).toBe(
      'unavailable',
    );
  });
});
