/** One example query offered by the web app. */
export interface Example {
  readonly title: string;
  readonly description: string;
  readonly sql: string;
}

/** The answer of `GET /api/examples`. */
export interface ExampleList {
  readonly examples: Example[];
}
