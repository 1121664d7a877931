import { timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { SERVICE_CONFIG } from './tokens.js';

/** True when `header` is `Bearer <token>` for one of `tokens` (constant-time comparison). */
export function bearerTokenAccepted(tokens: readonly string[], header: string | undefined): boolean {
  if (tokens.length === 0) return true;
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!presented) return false;
  const given = Buffer.from(presented);
  return tokens.some((token) => {
    const expected = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** Guards `/v1` routes when `MAKER_API_TOKENS` is set. */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: { MAKER_API_TOKENS: string[] }) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    if (bearerTokenAccepted(this.config.MAKER_API_TOKENS, request.headers.authorization)) return true;
    throw new UnauthorizedException({ error: 'unauthorized', message: 'a valid bearer token is required' });
  }
}
