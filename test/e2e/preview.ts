import type { Download, Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * Documents open in the in-app preview first; the clerk then downloads (web host) or prints.
 * Headless Chromium has no print dialog, so the specs take the download path and close the preview.
 */
export async function downloadFromPreview(
  app: Page,
  open: () => Promise<void>,
  title: string | RegExp,
): Promise<Download> {
  await open();
  const dialog = app.getByRole('dialog', { name: title });
  await expect(dialog.locator('iframe')).toBeVisible();
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Télécharger' }).click(),
  ]);
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  await expect(dialog).toBeHidden();
  return download;
}
