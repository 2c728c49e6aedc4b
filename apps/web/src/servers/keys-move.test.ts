import { describe, expect, it } from 'vitest';
import { freshSecretName, keysMove, keysMoveLine } from './keys-move';
import { alterEditor, createEditor } from './server-editor-reducer';

describe('freshSecretName', () => {
  it.each<[string | undefined, readonly string[], string]>([
    [undefined, [], 'prod_access_key_id'],
    [undefined, ['prod_access_key_id'], 'prod_access_key_id_2'],
    ['prod_access_key_id', [], 'prod_access_key_id_2'],
    ['prod_access_key_id_2', [], 'prod_access_key_id_3'],
    ['prod_access_key_id_9', ['prod_access_key_id_10'], 'prod_access_key_id_11'],
    // A secret of another shape: the server's own base name, then on from there.
    ['aws_key_id', ['prod_access_key_id'], 'prod_access_key_id_2'],
    ['prod_access_key_id_old', [], 'prod_access_key_id'],
  ])('%s (taken %j) → %s', (current, taken, expected) => {
    expect(freshSecretName(current, 'prod_access_key_id', taken)).toBe(expected);
  });
});

describe('keysMove', () => {
  const server = (options: Record<string, string>) => alterEditor({ name: 's', wrapper: 'w', options });
  const at = (s: ReturnType<typeof server>, endpointUrl: string) =>
    keysMove({ ...s, draft: { ...s.draft, endpointUrl } });

  it('only a server whose keys are stored, kept, and sent elsewhere', () => {
    const keys = server({ vault_access_key_id: 'k', vault_secret_access_key: 's' });
    expect(at(keys, 'https://dynamodb.example.invalid:8443/x')).toEqual({
      from: 'aws',
      to: 'https://dynamodb.example.invalid:8443',
    });
    expect(at(keys, '')).toBeNull();
    expect(at(server({ profile: 'reader' }), 'http://127.0.0.1:8000')).toBeNull();
    expect(at(server({ credentials: 'default' }), 'http://127.0.0.1:8000')).toBeNull();
    expect(
      keysMove({
        ...createEditor(),
        draft: { ...createEditor().draft, source: 'keys', endpointUrl: 'http://x' },
      }),
    ).toBeNull();
  });

  it('one line: asking for the keys, then saying where they go', () => {
    const move = { from: 'aws', to: 'this machine, through STS at aws' };
    expect(keysMoveLine(move)).toBe(
      "Keys stored for AWS are not sent to this machine, through STS at AWS: enter this server's keys for the new endpoint.",
    );
    expect(keysMoveLine(move, true)).toBe(
      'Keys stored for AWS are not sent to this machine, through STS at AWS: these keys go to new vault secrets for it.',
    );
  });
});
