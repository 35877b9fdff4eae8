import jsQR from 'jsqr';
import { onBeforeUnmount, ref, shallowRef, watch } from 'vue';

/** Why a scan ended without a code: each has its own sentence at the field. */
export type ScanError = 'unavailable' | 'denied' | 'timeout';
export type ScanOutcome = { text: string } | { error: ScanError } | null;

/** One frame's pixels, RGBA as a canvas gives them: an ImageData, or a plain object in a unit test. */
export interface Frame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** The text of the QR code seen in one frame, or null when there is none (or it holds no text). */
export function decodeQr(frame: Frame): string | null {
  // Fiches print dark on white: skipping the inverted pass halves the work per frame on a 2-core counter PC.
  const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' });
  return code?.data || null;
}

/** A refusal (by the clerk or by the app's permission policy) is told apart from a missing or busy camera. */
export function cameraError(error: unknown): ScanError {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable';
}

export const SCAN_TIMEOUT_MS = 20_000;
/** A pause between attempts rather than every animation frame: jsQR takes tens of ms, the rest of the app needs the CPU. */
const PAUSE_MS = 150;
/** Frames are shrunk to this longer side: a fiche held up to the camera keeps ~4 px per module, and decoding stays fast. */
const MAX_SIDE = 800;

/**
 * Reads one QR code from the webcam. `start()` resolves with the text, with why nothing was read,
 * or with null when `stop()` (dialog closed, page left) came first. The camera is released in every case.
 */
export function useQrScanner(timeoutMs = SCAN_TIMEOUT_MS) {
  const video = ref<HTMLVideoElement | null>(null);
  const scanning = ref(false);
  const stream = shallowRef<MediaStream | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settle: ((outcome: ScanOutcome) => void) | null = null;
  // The dialog renders the <video> after the stream may already be there, or the other way round.
  watch([video, stream], ([v, s]) => {
    if (v) v.srcObject = s;
  });

  function finish(outcome: ScanOutcome) {
    clearTimeout(timer);
    stream.value?.getTracks().forEach((track) => track.stop());
    stream.value = null;
    scanning.value = false;
    const done = settle;
    settle = null;
    done?.(outcome);
  }

  function grab(canvas: HTMLCanvasElement): Frame | null {
    const v = video.value;
    if (!v || v.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !v.videoWidth) return null;
    const scale = Math.min(1, MAX_SIDE / Math.max(v.videoWidth, v.videoHeight));
    canvas.width = Math.round(v.videoWidth * scale);
    canvas.height = Math.round(v.videoHeight * scale);
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (!g) return null;
    g.drawImage(v, 0, 0, canvas.width, canvas.height);
    return g.getImageData(0, 0, canvas.width, canvas.height);
  }

  async function start(): Promise<ScanOutcome> {
    finish(null);
    scanning.value = true;
    const outcome = new Promise<ScanOutcome>((resolve) => (settle = resolve));
    const mine = settle;
    let camera: MediaStream;
    try {
      camera = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (e) {
      if (settle === mine) finish({ error: cameraError(e) });
      return outcome;
    }
    // Closed while the permission prompt was up: the camera must not stay lit for nobody.
    if (settle !== mine) {
      camera.getTracks().forEach((track) => track.stop());
      return outcome;
    }
    stream.value = camera;
    const canvas = document.createElement('canvas');
    const deadline = Date.now() + timeoutMs;
    const attempt = () => {
      if (settle !== mine) return;
      const frame = grab(canvas);
      const text = frame && decodeQr(frame);
      if (text) finish({ text });
      else if (Date.now() >= deadline) finish({ error: 'timeout' });
      else timer = setTimeout(attempt, PAUSE_MS);
    };
    timer = setTimeout(attempt, PAUSE_MS);
    return outcome;
  }

  const stop = () => finish(null);
  onBeforeUnmount(stop);
  return { video, scanning, start, stop };
}
