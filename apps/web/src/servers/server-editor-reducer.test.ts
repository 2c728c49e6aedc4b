import { describe, expect, it } from 'vitest';
import {
  alterEditor,
  createEditor,
  defaultRegion,
  draftProblem,
  serverEditorReducer,
  type DraftField,
  type ServerEditorAction,
  type ServerEditorState,
} from './server-editor-reducer';

const run = (s: ServerEditorState, ...actions: ServerEditorAction[]) =>
  actions.reduce(serverEditorReducer, s);
const set = (field: DraftField, value: string): ServerEditorAction => ({ type: 'field-set', field, value });
const profiles = [
  { name: 'reader', region: 'eu-west-1', kind: 'role' },
  { name: 'dev', region: null, kind: 'sso' },
] as const;

describe('serverEditorReducer', () => {
  it('a new server starts from a profile; the only profile there is gets picked', () => {
    const s = run(createEditor(), { type: 'profiles-loaded', profiles: [profiles[0]] });
    expect(s.draft).toMatchObject({ source: 'profile', profile: 'reader' });
    expect(run(createEditor(), { type: 'profiles-loaded', profiles: [...profiles] }).draft.profile).toBe('');
  });

  it("the default region is the picked profile's, else us-east-1", () => {
    const s = run(
      createEditor(),
      { type: 'profiles-loaded', profiles: [...profiles] },
      set('profile', 'reader'),
    );
    expect(defaultRegion(s)).toBe('eu-west-1');
    expect(defaultRegion(run(s, set('profile', 'dev')))).toBe('us-east-1');
    expect(defaultRegion(run(s, { type: 'source-set', source: 'keys' }))).toBe('us-east-1');
  });

  it('an existing server opens with its options, keys blank, its name fixed', () => {
    const s = alterEditor({
      name: 'prod',
      wrapper: 'dynamodb_wrapper',
      options: {
        vault_access_key_id: 'k',
        vault_secret_access_key: 's',
        role_arn: 'arn:aws:iam::123456789012:role/R',
        environment: 'production',
      },
    });
    expect(s.mode).toBe('alter');
    expect(s.draft).toMatchObject({
      name: 'prod',
      source: 'keys',
      accessKeyId: '',
      roleArn: 'arn:aws:iam::123456789012:role/R',
      environment: 'production',
    });
    expect(run(s, set('name', 'other')).draft.name).toBe('prod');
    expect(alterEditor({ name: 'd', wrapper: 'w', options: { credentials: 'default' } }).draft.source).toBe(
      'default',
    );
    expect(alterEditor({ name: 'p', wrapper: 'w', options: { profile: 'reader' } }).draft).toMatchObject({
      source: 'profile',
      profile: 'reader',
    });
  });

  it("a failed save keeps the form and shows the engine's answer; an edit clears it", () => {
    const failed = run(
      createEditor(),
      { type: 'save-started' },
      { type: 'save-failed', message: '28000: AWS profile "x" not found' },
    );
    expect(failed).toMatchObject({ saving: false, error: '28000: AWS profile "x" not found' });
    expect(run(failed, set('profile', 'reader')).error).toBeNull();
  });

  it('profiles that cannot be listed leave an empty list and say why', () => {
    expect(run(createEditor(), { type: 'profiles-failed', message: 'offline' })).toMatchObject({
      profiles: [],
      profilesError: 'offline',
    });
  });
});

describe('draftProblem', () => {
  const named = run(createEditor(), set('name', 'prod'));
  it.each<[string, ServerEditorAction[], string | null]>([
    ['no name', [set('name', '')], 'Name the server (letters, digits, _).'],
    ['no profile', [], 'Pick a profile.'],
    ['a profile', [set('profile', 'reader')], null],
    [
      'half a key pair',
      [{ type: 'source-set', source: 'keys' }, set('accessKeyId', 'AKIA')],
      'Enter both the access key ID and the secret access key.',
    ],
    [
      'the default chain with a role',
      [{ type: 'source-set', source: 'default' }, set('roleArn', 'arn:aws:iam::123456789012:role/Writer')],
      null,
    ],
    [
      'a bad role ARN',
      [set('profile', 'p'), set('roleArn', 'Writer')],
      'The role ARN looks like arn:aws:iam::123456789012:role/Name.',
    ],
    [
      'an external id without a role',
      [set('profile', 'p'), set('externalId', 'x')],
      'An external ID or session name needs a role ARN.',
    ],
  ])('%s', (_name, actions, problem) => {
    expect(draftProblem(run(named, ...actions))).toBe(problem);
  });

  it('altering a server with keys may leave them blank (kept)', () => {
    const s = alterEditor({
      name: 'k',
      wrapper: 'w',
      options: { aws_access_key_id: '********', aws_secret_access_key: '********' },
    });
    expect(draftProblem(s)).toBeNull();
  });

  describe('stored keys and a new destination', () => {
    const vaulted = alterEditor({
      name: 'prod',
      wrapper: 'w',
      options: { vault_access_key_id: 'k', vault_secret_access_key: 's', region: 'eu-west-1' },
    });

    it.each<[string, ServerEditorAction[], string | null]>([
      [
        'an endpoint added: keys asked for again',
        [set('endpointUrl', 'https://dynamodb.example.invalid')],
        "Keys stored for AWS are not sent to https://dynamodb.example.invalid: enter this server's keys for the new endpoint.",
      ],
      [
        'half of them is not enough',
        [set('endpointUrl', 'http://127.0.0.1:8000'), set('accessKeyId', 'AKIANEW')],
        "Keys stored for AWS are not sent to this machine: enter this server's keys for the new endpoint.",
      ],
      [
        'a role whose STS is elsewhere',
        [set('roleArn', 'arn:aws:iam::123456789012:role/R'), set('stsEndpointUrl', 'http://127.0.0.1:5000')],
        "Keys stored for AWS are not sent to AWS, through STS at this machine: enter this server's keys for the new endpoint.",
      ],
      [
        'both keys entered',
        [
          set('endpointUrl', 'https://dynamodb.example.invalid'),
          set('accessKeyId', 'AKIANEW'),
          set('secretAccessKey', 'x'),
        ],
        null,
      ],
      [
        "DynamoDB's own endpoint is AWS still",
        [set('endpointUrl', 'https://dynamodb.eu-west-1.amazonaws.com')],
        null,
      ],
      [
        'a profile instead: no keys kept',
        [
          { type: 'source-set', source: 'profile' },
          set('profile', 'reader'),
          set('endpointUrl', 'http://127.0.0.1:8000'),
        ],
        null,
      ],
    ])('%s', (_name, actions, problem) => {
      expect(draftProblem(run(vaulted, ...actions))).toBe(problem);
    });

    it('an emulator server moved from one loopback port to another keeps its keys', () => {
      const local = alterEditor({
        name: 'l',
        wrapper: 'w',
        options: {
          aws_access_key_id: '********',
          aws_secret_access_key: '********',
          endpoint_url: 'http://127.0.0.1:8000',
        },
      });
      expect(draftProblem(run(local, set('endpointUrl', 'http://localhost:4566')))).toBeNull();
      expect(draftProblem(run(local, set('endpointUrl', '')))).toBe(
        "Keys stored for this machine are not sent to AWS: enter this server's keys for the new endpoint.",
      );
    });
  });
});
