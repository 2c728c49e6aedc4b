/** How a profile of the AWS config files obtains credentials (the AWS CLI's order decides). */
export type AwsProfileKind = 'static' | 'sso' | 'role' | 'process' | 'web-identity';

/** A profile a server can name (`profile 'name'`): never anything secret. */
export interface AwsProfile {
  readonly name: string;
  /** The profile's `region`, if it sets one (a server without `region` uses it). */
  readonly region: string | null;
  readonly kind: AwsProfileKind;
}

/** The answer of `GET /api/aws/profiles`. */
export interface AwsProfileList {
  readonly profiles: readonly AwsProfile[];
}
