/**
 * The session setting the engine writes a statement's `dynascope.server_identity` answers to
 * (server-identity-call.ts), as the host's owner; user SQL may not set it (host/statement-policy.ts).
 */
export const CALLER_IDENTITIES_SETTING = 'dynascope.caller_identities';
