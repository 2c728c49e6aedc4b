/**
 * Whether a server's `environment` option marks production (`'production'` or `'prod'`, any case):
 * the schema tree shows it in red and every write through it is confirmed first.
 */
export function isProductionEnvironment(environment: string | null | undefined): boolean {
  return /^prod(uction)?$/i.test(environment ?? '');
}
