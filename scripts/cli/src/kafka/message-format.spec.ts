import { describe, expect, it } from 'vitest';
import { formatMessage } from './message-format.js';

const message = { topic: 't', partition: 2, offset: '17', timestamp: '1660592867000', key: 'k1', value: '{"a":1}' };
const none = { key: false, partition: false, offset: false, timestamp: false };

describe('formatMessage', () => {
  it('when nothing extra is asked for, then the line is the value alone, as the console consumer prints it', () => {
    expect(formatMessage(message, none)).toBe('{"a":1}');
  });

  it('when every field is asked for, then they come in the console consumer order, tab-separated', () => {
    expect(formatMessage(message, { key: true, partition: true, offset: true, timestamp: true })).toBe(
      'CreateTime:1660592867000\tPartition:2\tOffset:17\tk1\t{"a":1}',
    );
  });

  it('when the key or value is absent, then it prints as null', () => {
    expect(formatMessage({ ...message, key: null, value: null }, { ...none, key: true })).toBe('null\tnull');
  });
});
