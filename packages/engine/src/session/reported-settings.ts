/**
 * The settings Postgres tells its client of (GUC_REPORT) whose values are the session's: a wire
 * client gets each as ParameterStatus at start-up and again once a message leaves it changed — a
 * SET, a RESET, the ROLLBACK that undid a SET (apps/api's pgwire, through SessionSettings.reported).
 * is_superuser and session_authorization are the wire's own.
 *   begin; set local intervalstyle = 'iso_8601' → IntervalStyle iso_8601;  rollback → IntervalStyle postgres
 */
export const REPORTED_SETTINGS = [
  'application_name',
  'server_version',
  'server_encoding',
  'client_encoding',
  'DateStyle',
  'IntervalStyle',
  'TimeZone',
  'integer_datetimes',
  'standard_conforming_strings',
] as const;
