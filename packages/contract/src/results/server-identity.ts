/**
 * Who a server's credentials are (STS GetCallerIdentity through them): the row of
 * `dynascope.server_identity(server)` and the answer of `GET /api/servers/:server/identity`.
 */
export interface ServerIdentity {
  readonly server: string;
  readonly account: string;
  /** `arn:aws:sts::123456789012:assumed-role/ReadOnly/dynascope`, `arn:aws:iam::123456789012:user/alice`. */
  readonly arn: string;
  readonly userId: string;
  /** How the credentials were obtained: `profile reader → assume-role ReadOnly`, `vault keys`. */
  readonly source: string;
  /** When temporary credentials expire (ISO 8601); null for long-term keys. */
  readonly expiresAt: string | null;
}
