/** What `pnpm start` prints once everything is ready: where things are, and the seed's requests to try. */
export function summaryLines(options: {
  gatewayUrl: string;
  registryUrl: string;
  orderPorts: number[];
  catalogPort?: number;
  infra: string[];
}): string[] {
  const { gatewayUrl } = options;
  const order = `${gatewayUrl}/order-service/user-1/orders`;
  return [
    '─'.repeat(78),
    `The platform is up: gateway, ${options.orderPorts.length} order-service instance(s)` +
      `${options.catalogPort ? ', catalog-service' : ''}.`,
    `  gateway          ${gatewayUrl}   (the only public entry)`,
    `  registry         ${options.registryUrl}/registry   (internal: who the gateway routes to)`,
    `  console          ${options.registryUrl}/   (internal: the platform live, in a browser)`,
    `  order-service    ${options.orderPorts.map((port) => `http://127.0.0.1:${port}`).join('  ')}`,
    ...(options.catalogPort ? [`  catalog-service  http://127.0.0.1:${options.catalogPort}`] : []),
    ...options.infra.slice(0, -1).map((line) => `  ${line}`),
    '',
    'Try (the requests of the seed, through the gateway):',
    `  curl ${gatewayUrl}/order-service/health_check     (repeat it: the port alternates)`,
    `  curl -X POST ${order} -H 'content-type: application/json' ` +
      `-d '{"productId":"CATALOG-0002","qty":10,"unitPrice":900}'`,
    `  curl ${order}`,
    ...(options.catalogPort ? [`  curl ${gatewayUrl}/catalog-service/catalogs`] : []),
    '',
    'Add an instance from another terminal: pnpm start:order   (or pnpm start:order -- --port 8084)',
    'Ctrl-C stops these processes; the infrastructure keeps running (pnpm infra:down stops it).',
    '─'.repeat(78),
  ];
}
