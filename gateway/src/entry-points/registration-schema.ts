import { z } from 'zod';

// Instance ids go into logs and URLs: keep them short and plain.
export const INSTANCE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * The body of `PUT /registry/{service}/{instanceId}`: `{"url": "http://127.0.0.1:8081"}`. Only
 * plain http origins on an allowed host are accepted, so a registration can never point the
 * gateway at an arbitrary machine; the URL is reduced to its origin.
 */
export function registrationSchema(allowedHosts: readonly string[]) {
  const hosts = new Set(allowedHosts.map((host) => host.toLowerCase().replace(/^\[(.*)\]$/, '$1')));
  return z.object({
    url: z
      .string()
      .max(2048)
      .transform((value, ctx) => {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'not a URL' });
          return z.NEVER;
        }
        const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
        const problems = [
          url.protocol !== 'http:' && 'only http URLs',
          (host === '0.0.0.0' || host === '::') &&
            `${url.hostname} routes nowhere: the instance must register the address it is reached at (ADVERTISED_HOST)`,
          !hosts.has(host) && `host ${url.hostname} is not allowed (allowed: ${[...hosts].join(', ')})`,
          (url.username || url.password) && 'no credentials',
          (url.pathname !== '/' || url.search || url.hash) && 'an origin only (no path, query or fragment)',
        ].filter((problem): problem is string => Boolean(problem));
        for (const message of problems) ctx.addIssue({ code: 'custom', message });
        return problems.length ? z.NEVER : url.origin;
      }),
  });
}
