import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * The read_committed filter of kafkajs as patched by patches/kafkajs@2.2.4.patch (catalog-service's
 * order consumer depends on it): it must drop exactly the records of aborted transactions, however
 * the fetch response lists them and wherever the fetch starts. Records are given as kafkajs decodes
 * them; control records are dropped afterwards by kafkajs' Batch, as `delivered` does here.
 */
interface DecodedRecord {
  offset: string;
  key: Buffer | null;
  isControlRecord: boolean;
  batchContext: { producerId: string; inTransaction: boolean };
}
interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}
type FilterAbortedMessages = (fetched: {
  messages: DecodedRecord[];
  abortedTransactions?: AbortedTransaction[];
}) => DecodedRecord[];

// kafkajs ships no types for its internals, and the module is CommonJS.
const filterAbortedMessages = createRequire(import.meta.url)(
  'kafkajs/src/consumer/filterAbortedMessages.js',
) as FilterAbortedMessages;

const PRODUCERS = { A: '1001', B: '1002', C: '1003' };
const { A, B } = PRODUCERS;

function data(offset: number, producerId: string, key: Buffer = Buffer.from('P-1')): DecodedRecord {
  return { offset: String(offset), key, isControlRecord: false, batchContext: { producerId, inTransaction: true } };
}

function plain(offset: number, producerId: string): DecodedRecord {
  return { ...data(offset, producerId), batchContext: { producerId, inTransaction: false } };
}

/** A control record: key = version 0 (int16) and type (int16), 0 for abort, 1 for commit. */
function marker(offset: number, producerId: string, type: 'abort' | 'commit'): DecodedRecord {
  const key = Buffer.from([0, 0, 0, type === 'abort' ? 0 : 1]);
  return { offset: String(offset), key, isControlRecord: true, batchContext: { producerId, inTransaction: true } };
}

/**
 * A log (or a fetch) from offset `first` on, one word a record: `A` a data record of producer A in
 * a transaction, `A:commit` or `A:abort` its control record, `A:plain` one outside any transaction.
 */
function log(first: number, layout: string): DecodedRecord[] {
  return layout.split(' ').map((word, index) => {
    const [name, kind] = word.split(':') as [keyof typeof PRODUCERS, string | undefined];
    const [offset, producerId] = [first + index, PRODUCERS[name]];
    if (kind === 'commit' || kind === 'abort') return marker(offset, producerId, kind);
    return kind === 'plain' ? plain(offset, producerId) : data(offset, producerId);
  });
}

function aborted(producerId: string, firstOffset: number): AbortedTransaction {
  return { producerId, firstOffset: String(firstOffset) };
}

/** Offsets of the data records a consumer gets, as kafkajs' Batch exposes them. */
function delivered(messages: DecodedRecord[], abortedTransactions: AbortedTransaction[]): number[] {
  return filterAbortedMessages({ messages, abortedTransactions })
    .filter((message) => !message.isControlRecord)
    .map((message) => Number(message.offset));
}

describe('kafkajs filterAbortedMessages (patched)', () => {
  it('when the aborted list is in abort order, not by first offset, then every aborted record is dropped', () => {
    // A commits 7, then starts at 9, B at 10; B aborts first: the broker lists [B@10, A@9], which
    // sorted as text would not change either ('10' < '9').
    const fetched = log(7, 'A A:commit A B B:abort A:abort A A:commit');
    expect(delivered(fetched, [aborted(B, 10), aborted(A, 9)])).toEqual([7, 13]);
  });

  it('when two producers abort overlapping transactions, then both are dropped and a committed one is kept', () => {
    const fetched = log(0, 'A B C C:commit A A:abort B B:abort');
    expect(delivered(fetched, [aborted(A, 0), aborted(B, 1)])).toEqual([2]);
  });

  it('when the fetch starts inside two aborted transactions at a record of the later one, then it is dropped', () => {
    // The log was A@0, B@1, then this fetch from offset 2; both transactions started before it.
    const fetched = log(2, 'B A A:abort B:abort B B:commit');
    expect(delivered(fetched, [aborted(A, 0), aborted(B, 1)])).toEqual([6]);
    expect(delivered(fetched, [aborted(B, 1), aborted(A, 0)])).toEqual([6]);
  });

  it('when a producer commits after its abort marker, then its committed records are kept', () => {
    const fetched = log(0, 'A B B:abort B A:abort A B:commit A:commit A A:abort A A:commit');
    expect(delivered(fetched, [aborted(B, 1), aborted(A, 0), aborted(A, 8)])).toEqual([3, 5, 10]);
  });

  it("when a data record has an abort marker's key, then it is no marker: its transaction stays dropped", () => {
    const markerLikeKey = Buffer.from([0, 0, 0, 0]);
    const fetched = [data(0, A), data(1, A, markerLikeKey), data(2, A), marker(3, A, 'abort'), data(4, A)];
    expect(delivered(fetched, [aborted(A, 0)])).toEqual([4]);
  });

  it('when control and non-transactional records have an aborted producer id, then they are kept', () => {
    const kept = filterAbortedMessages({
      messages: log(0, 'A:plain A A:abort A:plain'),
      abortedTransactions: [aborted(A, 1)],
    });
    // The abort marker itself is passed on for kafkajs to drop with the other control records.
    expect(kept.map((message) => Number(message.offset))).toEqual([0, 2, 3]);
  });

  it('when there are no aborted transactions, then the records are returned as they are', () => {
    const fetched = log(0, 'A A:commit');
    expect(filterAbortedMessages({ messages: fetched, abortedTransactions: [] })).toBe(fetched);
    expect(filterAbortedMessages({ messages: fetched })).toBe(fetched);
  });
});
