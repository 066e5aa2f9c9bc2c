/**
 * The CSV export's file name, shared by the server (Content-Disposition) and the channel tab (the browser download),
 * so both name the file the same way: `turnaround-<team name>-<period>.csv`, with the characters Windows, macOS and
 * Linux refuse in file names (and control characters) replaced by "-".
 */
export function exportFileName(teamName: string, period: string): string {
  const safe = (text: string) =>
    text
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^[.-]+|[.-]+$/g, '');
  const team = safe(teamName) || 'team';
  return `turnaround-${team}-${safe(period) || 'period'}.csv`;
}
