import type { Page } from '@playwright/test';

/**
 * A webcam for a headless browser: getUserMedia streams a canvas that shows `png` (the QR of a
 * fiche held up to the camera) on a grey desk, or refuses as a clerk clicking "Bloquer" would.
 * Every stream handed out is kept in `window.fakeCameras`, so a test can see it was stopped.
 */
export async function fakeCamera(app: Page, png: Buffer | 'blank' | 'refused') {
  const src = Buffer.isBuffer(png) ? `data:image/png;base64,${png.toString('base64')}` : png;
  await app.evaluate((src) => {
    const w = window as unknown as { fakeCameras: MediaStream[] };
    w.fakeCameras = [];
    navigator.mediaDevices.getUserMedia = async () => {
      if (src === 'refused') throw new DOMException('Permission denied', 'NotAllowedError');
      const img = new Image();
      if (src !== 'blank') {
        img.src = src;
        await img.decode();
      }
      const canvas = document.createElement('canvas');
      canvas.width = 1280;
      canvas.height = 720;
      const g = canvas.getContext('2d')!;
      g.imageSmoothingEnabled = false;
      const paint = () => {
        g.fillStyle = '#8a8f96';
        g.fillRect(0, 0, 1280, 720);
        if (img.width) g.drawImage(img, 700, 120, img.width * 1.8, img.height * 1.8);
      };
      paint();
      setInterval(paint, 100);
      const stream = canvas.captureStream(10);
      w.fakeCameras.push(stream);
      return stream;
    };
  }, src);
}

/** True once every stream the fake camera handed out has been stopped by the page. */
export const camerasOff = (app: Page) =>
  app.evaluate(() =>
    (window as unknown as { fakeCameras: MediaStream[] }).fakeCameras.every((s) =>
      s.getTracks().every((t) => t.readyState === 'ended'),
    ),
  );
