import http, { type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createProxyMiddleware, proxyEventsPlugin, type Options, type Plugin } from 'http-proxy-middleware';
import { sendProblem, type Logger } from '@order-platform/service-kit';
import { RETRY_AFTER, gatewayErrors, noInstance } from '../errors.js';
import type { Instance, ServiceRegistry } from '../domain/service-registry.js';
import { contextOf, type ProxyContext } from './proxy-context.js';
import type { UpstreamObserver } from './upstream-observer.js';
import { UpstreamTimeoutError, failureKind, isRetryable, showsInstanceDead } from './upstream-failure.js';

const MAX_ATTEMPTS = 4;

/** http-proxy's server, as the plugins receive it (its types are not a direct dependency). */
type ProxyServer = Parameters<Plugin>[0];

export interface UpstreamProxyOptions {
  registry: ServiceRegistry;
  logger: Logger;
  agent: http.Agent;
  timeoutMs: number;
  /** Bodies up to this size are copied so that a refused connection can be retried. */
  maxBodyBytes: number;
  /** Hears every attempt, retry and failover (the gateway's metrics). */
  observer?: UpstreamObserver;
}

/** Keep-alive connections to the instances; idle ones close before Node's default 5 s server keep-alive does. */
export function createUpstreamAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, timeout: 4000, maxFreeSockets: 256 });
}

/**
 * http-proxy-middleware, routed per request to the instance `routeRequest` picked (its `router`
 * option), with the retry on a dead instance in its `on.error` handler: the failed attempt is
 * replayed through the same proxy server to the next live instance.
 */
export function createUpstreamProxy(
  options: UpstreamProxyOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const { registry, timeoutMs, maxBodyBytes, observer } = options;
  const log = options.logger.child({ module: 'upstream-proxy' });
  let proxyServer: ProxyServer | undefined;

  // Shared by the first attempt (through the middleware) and the retries (straight to the proxy server).
  const base: Options = {
    agent: options.agent,
    changeOrigin: true,
    // Use req.url as it is: the default re-parses it with the legacy url.parse, which escapes some characters.
    toProxy: true,
    prependPath: false,
  };

  function onProxyTimeout(this: ClientRequest) {
    this.destroy(new UpstreamTimeoutError(timeoutMs));
  }

  function onProxyReq(proxyReq: ClientRequest, req: IncomingMessage) {
    const context = contextOf(req)!;
    context.proxyReq = proxyReq;
    // http-proxy joins paths with a helper that collapses slashes and rewrites "http:/"; the
    // instance must receive exactly the path that was routed. The headers are not written yet.
    proxyReq.path = context.routedUrl;
    proxyReq.setTimeout(timeoutMs, onProxyTimeout);
    if (context.tried.length === 1 && hasBody(req)) keepBodyCopy(req, context, maxBodyBytes);
  }

  function onProxyRes(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse) {
    const context = contextOf(req)!;
    context.responseStarted = true;
    observer?.attempted(context.service, 'answered');
    if (context.tried.length > 1) observer?.failedOver(context.service);
    proxyRes.headers['x-request-id'] = context.requestId;
    // The instance died mid-body: the client must see a broken response, not wait forever.
    proxyRes.once('close', () => {
      if (!proxyRes.complete) res.destroy();
    });
    // The client left: free the upstream connection.
    res.once('close', () => {
      if (!res.writableFinished) proxyRes.destroy();
    });
  }

  function onError(
    error: Error,
    req: IncomingMessage,
    res: ServerResponse | import('node:net').Socket,
    target: unknown,
  ) {
    const context = contextOf(req);
    const response = res as ServerResponse;
    if (!context) {
      if (!response.headersSent)
        sendProblem(req, response, gatewayErrors.create('upstream-unreachable', `Proxy error (${error.message}).`));
      return;
    }
    // http-proxy leaves each attempt's error listener on the request: only the current attempt counts.
    if (target !== context.target) return;
    const kind = failureKind(error);
    const { instance } = context;
    // An attempt whose answer had started was counted as answered.
    if (!context.responseStarted) observer?.attempted(context.service, kind);
    if (showsInstanceDead(kind, context.proxyReq?.reusedSocket ?? false) && registry.markDown(instance)) {
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
    if (response.destroyed || response.writableEnded) return;
    if (response.headersSent || context.responseStarted) {
      response.destroy();
      return;
    }
    const next = canRetry(context, kind, req) ? registry.next(context.service, context.tried) : undefined;
    if (next) {
      retry(req, response, context, next, error);
      return;
    }
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
    sendProblem(req, response, problem, kind === 'refused' ? RETRY_AFTER : {});
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
      const buffer = Readable.from(context.body?.chunks ?? [], { objectMode: false });
      proxyServer!.web(req, res, { ...base, target: context.target, buffer });
    });
  }

  const middleware = createProxyMiddleware({
    ...base,
    router: (req) => contextOf(req)!.target,
    // The default plugins log through console and answer errors in plain text; ours answer problem+json.
    ejectPlugins: true,
    plugins: [proxyEventsPlugin, (server) => void (proxyServer = server)],
    on: { proxyReq: onProxyReq, proxyRes: onProxyRes, error: onError },
  });

  return (req, res, next) => {
    void middleware(req, res, next);
  };
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Copies the body as it streams to the first instance (the proxy's pipe is already attached). */
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
