import { endpointDestination } from '@dynascope/contract';
import type { ServerDef } from '../../catalog/foreign-table';
import { EngineError, SqlState } from '../../errors';

/**
 * A profile's or the default chain's credentials (the machine's, not the vault's) go to AWS or to
 * this machine only: a server of the user's making would otherwise send them to any host it names.
 */
export function refuseAmbientCredentialsElsewhere(server: Pick<ServerDef, 'name' | 'options'>): void {
  const o = server.options;
  const places = [
    endpointDestination(o.endpoint_url, 'dynamodb'),
    // A profile's role chain and GetCallerIdentity go to sts_endpoint_url, a role or not.
    ...(o.role_arn !== undefined || o.sts_endpoint_url !== undefined
      ? [endpointDestination(o.sts_endpoint_url, 'sts')]
      : []),
  ];
  const elsewhere = places.find((p) => p !== 'aws' && p !== 'this machine');
  if (elsewhere)
    throw new EngineError(
      SqlState.insufficientPrivilege,
      `server "${server.name}" would send this machine's AWS credentials (${o.profile !== undefined ? `profile "${o.profile}"` : 'the default chain'}) to ${elsewhere}`,
      {
        hint: 'a profile or the default chain is used only with AWS or an emulator on this machine; give the server keys of its own for another endpoint',
      },
    );
}
