import { defineErrors } from '@order-platform/service-kit';

/** Every error the gateway answers itself (upstream answers pass through untouched). */
export const gatewayErrors = defineErrors({
  'not-found': { status: 404, title: 'No route' },
  'bad-path': { status: 400, title: 'Path rejected (dot segments, encoded or doubled slashes, backslashes)' },
  'length-required': { status: 411, title: 'A DELETE or OPTIONS body must have a Content-Length' },
  'unparsable-request': { status: 400, title: 'Not a valid HTTP/1.1 request' },
  'headers-too-large': { status: 431, title: 'Request line and headers too large' },
  'request-timeout': { status: 408, title: 'The request did not arrive in time' },
  'rate-limited': { status: 429, title: 'The client is over its request rate (GATEWAY_RATE_LIMIT_*)' },
  'too-many-connections': { status: 429, title: 'The client holds GATEWAY_MAX_CONNECTIONS_PER_CLIENT connections' },
  'instance-busy': { status: 503, title: 'Every live instance has GATEWAY_MAX_IN_FLIGHT_PER_INSTANCE requests' },
  'no-instance': { status: 503, title: 'No live instance of the service' },
  'upstream-unreachable': { status: 502, title: 'The instance failed before answering' },
  'upstream-timeout': { status: 504, title: 'The instance did not answer in time' },
  'unknown-service': { status: 404, title: 'Not a service the registry knows' },
  'invalid-registration': { status: 400, title: 'Registration rejected' },
  'instance-id-taken': { status: 409, title: 'A live instance already holds this id at another URL' },
  'registry-credential-missing': { status: 401, title: 'A registry request without the REGISTRY_SECRET bearer token' },
  'registry-credential-wrong': { status: 403, title: 'A registry request with a wrong bearer token' },
  'console-unavailable': { status: 503, title: 'The console does not answer' },
});

/** A request no instance received may simply be repeated: say when. */
export const RETRY_AFTER = { 'retry-after': '1' };

export function noInstance(service: string) {
  return gatewayErrors.create('no-instance', `No live instance of ${service} is registered; retry shortly.`);
}
