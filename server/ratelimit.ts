// Per-address rate limits (rate-limiter-flexible, in this process's memory: one server process shares
// them, several processes would each count apart). The address is Express's req.ip, i.e. the client
// as the trusted proxy saw it when TERRIER_TRUST_PROXY is set, never the proxy itself.
import type { Request, RequestHandler, Response } from 'express';
import ipaddr from 'ipaddr.js';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from './errors.ts';
import type { RateLimits } from './config.ts';

/**
 * The key of a client address. An IPv6 client usually holds a whole /64 and may pick any address in
 * it: the /64 is the client. An IPv4-mapped IPv6 address is its IPv4 address.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return ip || 'unknown';
  let a = ipaddr.parse(ip);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  if (a.kind() === 'ipv4') return a.toString();
  return `${(a as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}

const clientOf = (req: Request) => addressKey(req.ip ?? req.socket.remoteAddress);

function tooMany(res: Response, ms: number, code: string, message: (seconds: number) => string): AppError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  res.set('Retry-After', String(seconds));
  return new AppError(429, code, message(seconds));
}

/** At most `perMinute` requests a minute per address to the routes it guards; 0 lets all through. */
export function publicRateLimit(perMinute: number): RequestHandler {
  if (!perMinute) return (_req, _res, next) => next();
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return (req, res, next) => {
    limiter.consume(clientOf(req)).then(() => next(), (r: unknown) => {
      if (!(r instanceof RateLimiterRes)) return next(r);
      next(tooMany(res, r.msBeforeNext, 'too_many_requests',
        (s) => `Trop de requêtes depuis votre adresse (au plus ${perMinute} par minute) : réessayez dans ${s} s.`));
    });
  };
}

export type LoginLimiter = {
  /** Counts an attempt for the address and the account before the password is checked; 429 past the limit. */
  attempt: (req: Request, res: Response, login: string) => Promise<void>;
  /** A right password: the account's count starts again and the attempt is not held against the address. */
  succeeded: (req: Request, login: string) => Promise<void>;
};

/**
 * Failed logins per address and per account within a window. The attempt is counted before the
 * password is checked, so that parallel guesses cannot all slip in before the first failure is
 * recorded; a success gives its point back.
 */
export function loginLimiter(limits: Pick<RateLimits, 'loginFailuresPerAddress' | 'loginFailuresPerAccount' | 'loginWindowMinutes'>): LoginLimiter {
  const duration = limits.loginWindowMinutes * 60;
  const byAddress = limits.loginFailuresPerAddress ? new RateLimiterMemory({ keyPrefix: 'ip', points: limits.loginFailuresPerAddress, duration }) : null;
  const byAccount = limits.loginFailuresPerAccount ? new RateLimiterMemory({ keyPrefix: 'login', points: limits.loginFailuresPerAccount, duration }) : null;
  return {
    async attempt(req, res, login) {
      const refused: number[] = [];
      for (const [limiter, key] of [[byAddress, clientOf(req)], [byAccount, login]] as const) {
        if (!limiter) continue;
        try {
          await limiter.consume(key);
        } catch (r) {
          if (!(r instanceof RateLimiterRes)) throw r;
          refused.push(r.msBeforeNext);
        }
      }
      if (refused.length) {
        throw tooMany(res, Math.max(...refused), 'too_many_attempts',
          (s) => `Trop de connexions échouées : réessayez dans ${Math.ceil(s / 60)} min.`);
      }
    },
    async succeeded(req, login) {
      await byAccount?.delete(login);
      await byAddress?.reward(clientOf(req), 1);
    },
  };
}
