import { describe, expect, it } from 'vitest';
import { awsError, maskCredentials } from './aws-error';

/** AWS faults the emulators cannot produce (they accept any credentials): errors built as the SDK builds them. */
describe('awsError', () => {
  const sdkError = (name: string, message: string) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

  it('keeps the AWS error name and message, and says what was being done', () => {
    const e = awsError(sdkError('ResourceNotFoundException', 'Requested resource not found'), 'Query orders');
    expect(e.message).toBe('ResourceNotFoundException: Requested resource not found (Query orders)');
    expect(e.sqlstate).toBe('HV00R');
  });

  it('maps bad credentials to 42501 and masks the key id', () => {
    const e = awsError(
      sdkError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid. Key AKIAABCDEFGHIJKLMNOP',
      ),
      'Scan t',
    );
    expect(e.sqlstate).toBe('42501');
    expect(e.message).toContain(
      'UnrecognizedClientException: The security token included in the request is invalid.',
    );
    expect(e.message).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(awsError(sdkError('InvalidSignatureException', 'Signature mismatch'), 'x').sqlstate).toBe('42501');
  });

  it('maps a refused connection to HV00N and an abort to 57014', () => {
    expect(
      awsError(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
        'Scan t',
      ).sqlstate,
    ).toBe('HV00N');
    expect(awsError(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'Scan t').sqlstate).toBe(
      '57014',
    );
  });

  it('masks signed credentials in any text', () => {
    expect(maskCredentials('Credential=AKIAXXXXXXXXXXXXXXXX/20240101/us-east-1, ASIAYYYYYYYYYYYYYYYY')).toBe(
      'Credential=********, ASIA********',
    );
  });
});

describe('awsError: a 403 the SDK could not parse', () => {
  it('is an access denial (42501) saying what was refused, not a JSON parse error', () => {
    const parse = Object.assign(
      new SyntaxError(
        `Unexpected token '<', "<?xml vers"... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`,
      ),
      {
        $metadata: { httpStatusCode: 403 },
      },
    );
    const e = awsError(parse, 'PutItem orders');
    expect(e.sqlstate).toBe('42501');
    expect(e.message).toBe('AccessDenied: the request was refused (HTTP 403) (PutItem orders)');
    expect(e.message).not.toContain('JSON');
  });

  it('a parse error of another status stays an FDW error', () => {
    const parse = Object.assign(new SyntaxError('Unexpected token'), { $metadata: { httpStatusCode: 500 } });
    expect(awsError(parse, 'Scan t').sqlstate).toBe('HV000');
  });
});
