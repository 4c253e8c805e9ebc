import http, { type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { sendProblem, type Logger } from '@order-platform/service-kit';
import { RETRY_AFTER, gatewayErrors, noInstance } from '../errors.js';
import type { Instance, ServiceRegistry } from '../domain/service-registry.js';
import { contextOf, type ProxyContext } from './proxy-context.js';
import type { UpstreamObserver } from './upstream-observer.js';
import { UpstreamTimeoutError, failureKind, isRetryable, showsInstanceDead } from './upstream-failure.js';
import { declaredLength, hasBody, readWhole, relayAnswer, upstreamHeaders } from './upstream-exchange.js';

const MAX_ATTEMPTS = 4;

export interface UpstreamProxyOptions {
  registry: ServiceRegistry;
  logger: Logger;
  agent: http.Agent;
  timeoutMs: number;
  /** Bodies up to this size are read whole first, so that a refused connection can be retried. */
  maxBodyBytes: number;
  /** Hears every attempt, retry and failover (the gateway's metrics). */
  observer?: UpstreamObserver;
}

/** Keep-alive connections to the instances; idle ones close before Node's default 5 s server keep-alive does. */
export function createUpstreamAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, timeout: 4000, maxFreeSockets: 256 });
}

/**
 * Sends a routed request to the instance `routeRequest` picked and relays its answer; on a dead
 * instance it retries on the next live one. Plain node:http rather than http-proxy-middleware (the
 * design card's first choice): with it, headers and body went out in separate socket writes each
 * way, and the gateway reached about half of nginx's requests/s (BENCHMARKS.md, issue 17). Small
 * bodies are read whole first, as nginx does (`proxy_request_buffering`), which also gives the copy
 * a retry replays.
 */
export function createUpstreamProxy(
  options: UpstreamProxyOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const { registry, timeoutMs, maxBodyBytes, observer, agent } = options;
  const log = options.logger.child({ module: 'upstream-proxy' });

  function onTimeout(this: ClientRequest) {
    this.destroy(new UpstreamTimeoutError(timeoutMs));
  }

  /** One attempt to `context.instance`: the whole body when it is known, else the request streams. */
  function attempt(req: IncomingMessage, res: ServerResponse, context: ProxyContext, body?: Buffer) {
    const { target } = context;
    const request: http.RequestOptions & { pathname: string } = {
      agent,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: context.routedUrl,
      // Not Node's: the http instrumentation reads it, and otherwise parses the path with `new URL`
      // on every request (2.5 % of the gateway's CPU in the profile of issue 17).
      pathname: pathnameOf(context.routedUrl),
      headers: upstreamHeaders(req, target, body),
    };
    const upstream = http.request(request);
    context.proxyReq = upstream;
    upstream.setTimeout(timeoutMs, onTimeout);
    upstream.on('error', (error) => onError(error, req, res, upstream));
    upstream.on('response', (answer) => {
      if (upstream !== context.proxyReq) return void answer.destroy();
      context.responseStarted = true;
      observer?.attempted(context.service, 'answered');
      if (context.tried.length > 1) observer?.failedOver(context.service);
      relayAnswer(answer, res, { 'x-request-id': context.requestId });
    });
    if (body || !hasBody(req)) upstream.end(body);
    else req.pipe(upstream);
  }

  function onError(error: Error, req: IncomingMessage, res: ServerResponse, upstream: ClientRequest) {
    const context = contextOf(req)!;
    // Only the current attempt counts (a retried one may still report its end).
    if (upstream !== context.proxyReq) return;
    const kind = failureKind(error);
    const { instance } = context;
    // An attempt whose answer had started was counted as answered.
    if (!context.responseStarted) observer?.attempted(context.service, kind);
    if (showsInstanceDead(kind, upstream.reusedSocket) && registry.markDown(instance)) {
      log.warn(
        {
          service: instance.service,
          instanceId: instance.instanceId,
          url: instance.url,
          code: (error as NodeJS.ErrnoException).code,
        },
        'instance marked down until its next heartbeat',
      );
    }
    if (res.destroyed || res.writableEnded) return;
    if (res.headersSent || context.responseStarted) return void res.destroy();
    const next = canRetry(context, kind, req) ? registry.next(context.service, context.tried) : undefined;
    if (next) return retry(req, res, context, next, error);
    // Refused everywhere: the request reached no instance, so it is as if none were up (and safe to repeat).
    const problem =
      kind === 'timeout'
        ? gatewayErrors.create('upstream-timeout', `${context.service} did not answer within ${timeoutMs} ms.`)
        : kind === 'refused'
          ? noInstance(context.service)
          : gatewayErrors.create(
              'upstream-unreachable',
              `${context.service} failed before answering (${(error as NodeJS.ErrnoException).code ?? error.message}).`,
            );
    log.warn(
      {
        requestId: context.requestId,
        service: context.service,
        upstream: instance.url,
        attempts: context.tried.length,
        code: (error as NodeJS.ErrnoException).code ?? error.message,
      },
      problem.message,
    );
    sendProblem(req, res, problem, kind === 'refused' ? RETRY_AFTER : {});
  }

  function canRetry(context: ProxyContext, kind: ReturnType<typeof failureKind>, req: IncomingMessage): boolean {
    if (context.tried.length >= MAX_ATTEMPTS || !isRetryable(kind, req.method)) return false;
    // A body can be replayed only from a complete copy.
    return !hasBody(req) || (context.body !== undefined && !context.body.overflow);
  }

  function retry(req: IncomingMessage, res: ServerResponse, context: ProxyContext, next: Instance, error: Error) {
    log.info(
      {
        requestId: context.requestId,
        from: context.instance.url,
        to: next.url,
        code: (error as NodeJS.ErrnoException).code,
      },
      'retrying on another instance',
    );
    observer?.retried(context.service);
    context.instance = next;
    context.target = next.target;
    context.tried.push(next);
    context.proxyReq = undefined;
    whenBodyComplete(req, context, () => {
      if (res.destroyed) return;
      attempt(req, res, context, context.body ? Buffer.concat(context.body.chunks) : undefined);
    });
  }

  return (req, res, next) => {
    try {
      const context = contextOf(req)!;
      // The client left: so does the request upstream (and its connection is not reused).
      res.once('close', () => void (res.writableFinished || context.proxyReq?.destroy()));
      const length = declaredLength(req);
      if (!hasBody(req)) return attempt(req, res, context);
      if (length !== undefined && length <= maxBodyBytes) {
        return readWhole(req, (body) => {
          context.body = { chunks: [body], bytes: body.length, complete: true, overflow: false };
          attempt(req, res, context, body);
        });
      }
      keepBodyCopy(req, context, maxBodyBytes);
      attempt(req, res, context);
    } catch (error) {
      next(error);
    }
  };
}

function pathnameOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** Copies a large or chunked body as it streams to the first instance (up to the limit). */
function keepBodyCopy(req: IncomingMessage, context: ProxyContext, maxBytes: number) {
  const body = { chunks: [] as Buffer[], bytes: 0, complete: false, overflow: false };
  context.body = body;
  req.on('data', (chunk: Buffer) => {
    if (body.overflow) return;
    body.bytes += chunk.length;
    if (body.bytes > maxBytes) {
      body.overflow = true;
      body.chunks = [];
    } else {
      body.chunks.push(chunk);
    }
  });
  req.once('end', () => {
    body.complete = true;
  });
}

function whenBodyComplete(req: IncomingMessage, context: ProxyContext, then: () => void) {
  if (!context.body || context.body.complete) return then();
  req.once('end', then);
  // The failed attempt's pipe has let go of the request and paused it.
  req.resume();
}
