/** Hands a file made by src-main to the clerk: the browser's download (web host) or Electron's save dialog. */
export function downloadFile(fileName: string, base64: string, type: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const downloadPdf = (fileName: string, base64: string) => downloadFile(fileName, base64, 'application/pdf');
