import { bearerTokenAccepted } from '@maker/service-kit';

/**
 * Whether a streaming client may connect: `Authorization: Bearer <token>`, or `?token=` in the URL
 * because browsers cannot set headers on a WebSocket or an EventSource. Open when no tokens are set.
 */
export function streamClientAuthorized(
  tokens: readonly string[],
  authorization: string | undefined,
  url: URL,
): boolean {
  if (tokens.length === 0) return true;
  if (authorization && bearerTokenAccepted(tokens, authorization)) return true;
  const token = url.searchParams.get('token');
  return token !== null && token !== '' && bearerTokenAccepted(tokens, `Bearer ${token}`);
}
