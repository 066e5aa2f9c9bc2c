/**
 * `Content-Disposition: attachment` for a download with any file name: an ASCII `filename` for old clients (accents
 * dropped, anything else outside [A-Za-z0-9 ._-] replaced by "_") and, when the name is not plain ASCII, the exact name
 * as RFC 5987 / RFC 6266 `filename*=UTF-8''…` (percent-encoded UTF-8), which browsers prefer.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._-]/g, '_');
  if (ascii === fileName) return `attachment; filename="${ascii}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/** RFC 5987 value-chars: encodeURIComponent leaves ' ( ) * unescaped, which attr-char does not allow. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
