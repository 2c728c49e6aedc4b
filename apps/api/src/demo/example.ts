/** One example query offered by the web app (GET /api/examples). */
export interface Example {
  readonly title: string;
  readonly description: string;
  readonly sql: string;
}
