/**
 * The services behind the gateway. A request is routed by its first path segment, which is the
 * service name, and the path goes upstream unchanged (the services serve `/order-service/...`).
 */
export const SERVICES = ['order-service', 'catalog-service'] as const;

export type ServiceName = (typeof SERVICES)[number];

export function isServiceName(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name);
}
