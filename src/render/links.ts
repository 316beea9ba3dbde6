/** Addresses of the web UI's pages, for links from the terminal, the console and Slack. */

/** The page of a KB entry: ids are `domain/name`, both parts URL-safe by the KB's own rules. */
export function entryPath(id: string): string {
  return `/kb/${id.split('/').map(encodeURIComponent).join('/')}`;
}

export function brokerPath(name: string): string {
  return `/status/${encodeURIComponent(name)}`;
}

/** A function giving an entry's full address, or one giving null when the address is unknown. */
export function entryUrlFor(webUrl: string | null): (id: string) => string | null {
  return (id) => (webUrl ? `${webUrl}${entryPath(id)}` : null);
}
