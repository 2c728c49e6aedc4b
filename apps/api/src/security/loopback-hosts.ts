/** `host:port` spellings of the loopback interface that a browser may put in Host for `port`. */
export function loopbackHosts(port: number): string[] {
  return ['localhost', '127.0.0.1', '[::1]'].map((name) => `${name}:${port}`);
}

/** Normalises a Host header or URL host to lower case with an explicit port. */
export function normaliseHost(host: string, defaultPort: number): string {
  const lower = host.trim().toLowerCase();
  return /:\d+$/.test(lower) && !lower.endsWith(']') ? lower : `${lower}:${defaultPort}`;
}
