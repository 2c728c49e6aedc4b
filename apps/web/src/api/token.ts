/** Where the bearer token is kept between visits. */
export const TOKEN_KEY = 'dynascope.token';

export interface TokenFromUrl {
  /** The token found in `?token=`, or null. */
  readonly token: string | null;
  /** The same URL without the token parameter (path + remaining query + hash). */
  readonly cleanPath: string;
}

/** `http://h/?token=abc&x=1#y` → { token: 'abc', cleanPath: '/?x=1#y' }. */
export function takeTokenFromUrl(href: string): TokenFromUrl {
  const url = new URL(href);
  const token = url.searchParams.get('token');
  url.searchParams.delete('token');
  const query = url.searchParams.toString();
  return { token: token || null, cleanPath: url.pathname + (query ? `?${query}` : '') + url.hash };
}
