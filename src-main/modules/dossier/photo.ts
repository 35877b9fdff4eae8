import { PHOTO_SOURCE_MAX_BYTES } from '../../../shared/contract/dossier';
import type { Catalogue } from '../../../shared/domain/catalogue';
import { loadSharp } from '../../core/lazyDeps';
import { checkedImage, refuse, sniff } from './inspect';

/** The exam photo as PIENA asks for it, unless the session says otherwise. */
export interface PhotoSpec {
  width: number;
  height: number;
  maxBytes: number;
}
export const DEFAULT_PHOTO_SPEC: PhotoSpec = { width: 300, height: 400, maxBytes: 50_000 };

/** The catalogue's photo spec when it gives one (sizes in KB of 1,000 bytes, as the byte budget). */
export const photoSpecOf = (c: Catalogue): PhotoSpec =>
  c.photo ? { width: c.photo.width, height: c.photo.height, maxBytes: c.photo.maxKb * 1000 } : DEFAULT_PHOTO_SPEC;

/**
 * Portrait 3:4, cropped around the upper middle where the face is, JPEG within the byte budget.
 * Output is 1.5× the minimum size when that fits the budget, else the minimum, with quality
 * stepped down until it fits.
 */
export async function normalisePhoto(bytes: Uint8Array, spec: PhotoSpec = DEFAULT_PHOTO_SPEC) {
  if (bytes.length === 0) throw refuse('file_empty', 'File is empty');
  if (bytes.length > PHOTO_SOURCE_MAX_BYTES)
    throw refuse('file_too_large', 'File too large', { maxMb: PHOTO_SOURCE_MAX_BYTES / 1_000_000 });
  const kind = sniff(bytes);
  if (kind !== 'jpeg' && kind !== 'png' && kind !== 'tiff') throw refuse('photo_type_refused', 'Not a JPEG or PNG');
  const { image, width: w, height: h } = await checkedImage(bytes);
  const ratio = spec.width / spec.height;
  const cropW = Math.min(w, Math.floor(h * ratio));
  if (cropW < spec.width || Math.floor(cropW / ratio) < spec.height)
    throw refuse('photo_too_small', 'Photo too small', { width: spec.width, height: spec.height });
  // Decode and crop the big source once (JPEG shrink-on-load makes that cheap); most photos fit
  // at the first quality step, the others are re-encoded from the small bitmap.
  const big = [Math.round(spec.width * 1.5), Math.round(spec.height * 1.5)] as const;
  const { data, info } = await image
    .resize(big[0], big[1], { fit: 'cover', position: 'north' })
    .flatten({ background: '#ffffff' })
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(() => {
      throw refuse('image_corrupt', 'Image cannot be decoded');
    });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  const sharp = await loadSharp();
  for (const [tw, th] of [big, [spec.width, spec.height] as const]) {
    for (const quality of [85, 70, 55]) {
      const small = sharp(data, { raw });
      const out = await (tw === big[0] ? small : small.resize(tw, th)).jpeg({ quality, mozjpeg: true }).toBuffer();
      if (out.length <= spec.maxBytes) return { bytes: out, width: tw, height: th };
    }
  }
  throw refuse('photo_too_detailed', 'Photo does not fit the size limit', { kb: Math.round(spec.maxBytes / 1000) });
}
