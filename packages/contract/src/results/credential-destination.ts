/** An AWS region's name (`eu-west-1`, `us-gov-west-1`, `cn-north-1`): not `s3`, whose buckets anyone names. */
const REGION = '[a-z]{2}(-[a-z]+)+-\\d+';

/** DynamoDB's and STS's own endpoints (regional, FIPS, dual-stack, a VPC interface endpoint's). */
const AWS_HOSTS = {
  dynamodb: new RegExp(
    `^(vpce-[a-z0-9-]+\\.)?dynamodb(-fips)?\\.${REGION}\\.(vpce\\.)?amazonaws\\.com(\\.cn)?$|^dynamodb\\.${REGION}\\.api\\.aws$`,
  ),
  sts: new RegExp(`^sts(-fips)?(\\.${REGION})?\\.amazonaws\\.com(\\.cn)?$|^sts\\.${REGION}\\.api\\.aws$`),
} as const;

/** Hosts of this machine (an emulator's endpoint). */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Where an endpoint URL sends what it is given, as a credential's destination: `aws` (no URL, or
 * the service's own endpoint), `this machine` (loopback: an emulator), or the URL's origin. Another
 * host under amazonaws.com is not AWS's service: anyone can serve an API Gateway or a Lambda URL.
 *   (undefined, 'dynamodb') → 'aws';  ('https://dynamodb.eu-west-1.amazonaws.com', 'dynamodb') → 'aws'
 *   ('http://127.0.0.1:8000', 'dynamodb') → 'this machine';  ('https://x.example:8000/p', …) → 'https://x.example:8000'
 */
export function endpointDestination(url: string | undefined, service: 'dynamodb' | 'sts'): string {
  if (url === undefined) return 'aws';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (LOOPBACK.test(parsed.hostname)) return 'this machine';
  if (parsed.protocol === 'https:' && AWS_HOSTS[service].test(parsed.hostname.toLowerCase())) return 'aws';
  return parsed.origin;
}

/**
 * Where a server sends its base credentials and what they buy: its DynamoDB endpoint's destination,
 * and with a role to assume or an `sts_endpoint_url`, its STS endpoint's (the base credentials go
 * there, for AssumeRole and for GetCallerIdentity; a role's to DynamoDB).
 * A vault secret is sent to one destination only (the engine's vault.ts bindToDestination); the
 * server editor asks for new keys when an edit would move them (apps/web servers/keys-move.ts).
 *   { endpoint_url: 'http://127.0.0.1:8000' } → 'this machine'
 *   { role_arn: 'arn:…' } → 'aws' (a role assumed at AWS for AWS: adding one moves no key)
 *   { role_arn: 'arn:…', endpoint_url: 'http://127.0.0.1:8000' } → 'this machine, through STS at aws'
 */
export function credentialDestination(server: {
  readonly options: Readonly<Record<string, string>>;
}): string {
  const o = server.options;
  const dynamo = endpointDestination(o.endpoint_url, 'dynamodb');
  // STS gets the base credentials for a role, and for GetCallerIdentity (dynascope.server_identity)
  // wherever sts_endpoint_url points, role or not.
  const sts =
    o.role_arn === undefined && o.sts_endpoint_url === undefined
      ? dynamo
      : endpointDestination(o.sts_endpoint_url, 'sts');
  return sts === dynamo ? dynamo : `${dynamo}, through STS at ${sts}`;
}
