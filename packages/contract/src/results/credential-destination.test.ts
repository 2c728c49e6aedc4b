import { describe, expect, it } from 'vitest';
import { credentialDestination, endpointDestination } from './credential-destination';

describe('endpointDestination', () => {
  it.each([
    [undefined, 'dynamodb', 'aws'],
    ['https://dynamodb.eu-west-1.amazonaws.com', 'dynamodb', 'aws'],
    ['https://dynamodb-fips.us-gov-west-1.amazonaws.com', 'dynamodb', 'aws'],
    ['https://dynamodb.cn-north-1.amazonaws.com.cn', 'dynamodb', 'aws'],
    ['https://dynamodb.eu-west-1.api.aws', 'dynamodb', 'aws'],
    ['https://vpce-0abc-xyz.dynamodb.eu-west-1.vpce.amazonaws.com', 'dynamodb', 'aws'],
    ['https://sts.eu-west-1.amazonaws.com', 'sts', 'aws'],
    ['https://sts.amazonaws.com', 'sts', 'aws'],
    // Not DynamoDB's own: anyone may serve these.
    [
      'https://abc.execute-api.eu-west-1.amazonaws.com',
      'dynamodb',
      'https://abc.execute-api.eu-west-1.amazonaws.com',
    ],
    ['https://x.lambda-url.eu-west-1.on.aws', 'dynamodb', 'https://x.lambda-url.eu-west-1.on.aws'],
    ['http://dynamodb.eu-west-1.amazonaws.com', 'dynamodb', 'http://dynamodb.eu-west-1.amazonaws.com'],
    ['https://sts.eu-west-1.amazonaws.com', 'dynamodb', 'https://sts.eu-west-1.amazonaws.com'],
    // The S3 bucket "dynamodb": anyone's (found by helper-125).
    ['https://dynamodb.s3.amazonaws.com', 'dynamodb', 'https://dynamodb.s3.amazonaws.com'],
    ['https://dynamodb.us-gov-west-1.amazonaws.com', 'dynamodb', 'aws'],
    ['http://127.0.0.1:8000', 'dynamodb', 'this machine'],
    ['http://localhost:4566/', 'sts', 'this machine'],
    ['http://[::1]:8000', 'dynamodb', 'this machine'],
    ['https://scylla.internal:8043/path', 'dynamodb', 'https://scylla.internal:8043'],
  ] as const)('%s (%s) → %s', (url, service, expected) => {
    expect(endpointDestination(url, service)).toBe(expected);
  });

  it('a server with a role adds where its base keys go: STS', () => {
    expect(credentialDestination({ options: { region: 'eu-west-1' } })).toBe('aws');
    expect(credentialDestination({ options: { role_arn: 'arn:aws:iam::1:role/r' } })).toBe('aws');
    expect(
      credentialDestination({
        options: { role_arn: 'arn:aws:iam::1:role/r', endpoint_url: 'http://127.0.0.1:1' },
      }),
    ).toBe('this machine, through STS at aws');
    // GetCallerIdentity goes to sts_endpoint_url, a role or not (found by helper-125).
    expect(credentialDestination({ options: { sts_endpoint_url: 'https://evil.example' } })).toBe(
      'aws, through STS at https://evil.example',
    );
  });
});
