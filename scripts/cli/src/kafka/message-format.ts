export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  value: string | null;
}

export interface PrintOptions {
  key: boolean;
  partition: boolean;
  offset: boolean;
  timestamp: boolean;
}

/**
 * One line per message, as kafka-console-consumer.sh prints it: the value alone, preceded by the
 * fields asked for (`--print-timestamp --print-partition --print-offset --print-key`), tab-separated.
 */
export function formatMessage(message: ConsumedMessage, print: PrintOptions): string {
  return [
    ...(print.timestamp ? [`CreateTime:${message.timestamp}`] : []),
    ...(print.partition ? [`Partition:${message.partition}`] : []),
    ...(print.offset ? [`Offset:${message.offset}`] : []),
    ...(print.key ? [message.key ?? 'null'] : []),
    message.value ?? 'null',
  ].join('\t');
}
