/**
 * Points the AWS SDK at temporary shared config files (the engine runs in the test process, so
 * the variables are process-wide): sets them, clears AWS_PROFILE and the environment's keys so
 * nothing of the machine's own AWS setup leaks in, and returns a function that restores them all.
 */
export function withAwsFiles(files: {
  AWS_CONFIG_FILE: string;
  AWS_SHARED_CREDENTIALS_FILE: string;
}): () => void {
  const names = [
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_ENDPOINT_URL_STS',
  ] as const;
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  Object.assign(process.env, files);
  return () => {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  };
}
