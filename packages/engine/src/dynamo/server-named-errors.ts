import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const SERVER = Symbol('dynascope.server');

/**
 * Tags every error a server's client raises with the server's name, so the error the user sees can
 * name it (aws-error.ts: `hint: … select * from dynascope.server_identity('prod')`, not `'<server>'`).
 */
export function nameServerInErrors(dynamo: DynamoDBClient, server: string): void {
  dynamo.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (e) {
        if (e && typeof e === 'object' && !(SERVER in e))
          Object.defineProperty(e, SERVER, { value: server, enumerable: false });
        throw e;
      }
    },
    { step: 'initialize', priority: 'high', name: 'dynascopeServerNamedErrors' },
  );
}

/** The server whose client raised `e` (nameServerInErrors), if known. */
export function serverOfError(e: unknown): string | undefined {
  return e && typeof e === 'object' && SERVER in e ? (e as { [SERVER]: string })[SERVER] : undefined;
}
