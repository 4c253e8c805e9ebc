import { describe, expect, it } from 'vitest';
import { buildCatalogOrderMessage, buildKafkaOrderDto, orderRecords, type Order } from './order-message.js';

// The seed's KafkaOrderDto as Jackson serialises it (Schema: type, fields, optional, name;
// Field: type, optional, field), for the seed's example order of 10 x CATALOG-0002 at 900.
const SEED_JSON =
  '{"schema":{"type":"struct","fields":[' +
  '{"type":"string","optional":true,"field":"order_id"},' +
  '{"type":"string","optional":true,"field":"user_id"},' +
  '{"type":"string","optional":true,"field":"product_id"},' +
  '{"type":"int32","optional":true,"field":"qty"},' +
  '{"type":"int32","optional":true,"field":"unit_price"},' +
  '{"type":"int32","optional":true,"field":"total_price"}],' +
  '"optional":false,"name":"orders"},' +
  '"payload":{"order_id":"868b506a-1925-4410-a68d-4e06d7241a6b","user_id":"user-1",' +
  '"product_id":"CATALOG-0002","qty":10,"unit_price":900,"total_price":9000}}';

const order: Order = {
  orderId: '868b506a-1925-4410-a68d-4e06d7241a6b',
  userId: 'user-1',
  productId: 'CATALOG-0002',
  qty: 10,
  unitPrice: 900,
  totalPrice: 9000,
  createdAt: Date.UTC(2022, 6, 29, 17, 0, 27, 25),
};

describe('buildKafkaOrderDto', () => {
  it('when asked for the seed format, then it serialises byte for byte like the seed', () => {
    expect(JSON.stringify(buildKafkaOrderDto(order, { withCreatedAt: false }))).toBe(SEED_JSON);
  });

  it('when created_at is included, then it is the last field, a Connect Timestamp in epoch millis', () => {
    const dto = buildKafkaOrderDto(order);
    expect(dto.schema.fields.at(-1)).toEqual({
      type: 'int64',
      optional: true,
      name: 'org.apache.kafka.connect.data.Timestamp',
      version: 1,
      field: 'created_at',
    });
    expect(dto.payload.created_at).toBe(1659114027025);
    // Everything else is still the seed's message.
    const { created_at: _createdAt, ...seedPayload } = dto.payload;
    const seed = JSON.parse(SEED_JSON);
    expect(seedPayload).toEqual(seed.payload);
    expect(dto.schema.fields.slice(0, 6)).toEqual(seed.schema.fields);
  });

  it('when every schema field is declared, then the payload has exactly those keys', () => {
    const dto = buildKafkaOrderDto(order);
    expect(Object.keys(dto.payload)).toEqual(dto.schema.fields.map((field) => field.field));
  });
});

describe('buildCatalogOrderMessage', () => {
  it('when built, then it is the plain order without createdAt', () => {
    expect(buildCatalogOrderMessage(order)).toEqual({
      orderId: order.orderId,
      userId: 'user-1',
      productId: 'CATALOG-0002',
      qty: 10,
      unitPrice: 900,
      totalPrice: 9000,
    });
  });
});

describe('orderRecords', () => {
  it('when built, then orders is keyed by orderId and the catalog record by productId', () => {
    const records = orderRecords(order);
    expect(records.orders.key).toBe(order.orderId);
    expect(JSON.parse(records.orders.value)).toEqual(buildKafkaOrderDto(order));
    expect(records.catalog.key).toBe('CATALOG-0002');
    expect(JSON.parse(records.catalog.value)).toEqual(buildCatalogOrderMessage(order));
  });
});
