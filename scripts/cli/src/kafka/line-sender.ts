import type { Interface } from 'node:readline';

/**
 * Queues the lines of a readline interface from the moment it is created (input may arrive and
 * end while the producer still connects) and sends them in order: whatever queued up while the
 * previous send was in flight goes out in the next one, so a piped file becomes a few large
 * requests while typed lines still go out one by one.
 */
export class LineSender {
  private readonly pending: string[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(lines: Interface) {
    lines.on('line', (line) => {
      // A blank line is almost always a stray Enter, not a message.
      if (line.trim() !== '') this.pending.push(line);
      this.wake?.();
    });
    lines.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
  }

  /** Resolves the number of lines sent once input ended and all of it is sent; a failed send rejects. */
  async run(send: (batch: string[]) => Promise<void>, maxBatch = 500): Promise<number> {
    let sent = 0;
    for (;;) {
      if (this.pending.length > 0) {
        const batch = this.pending.splice(0, maxBatch);
        await send(batch);
        sent += batch.length;
        continue;
      }
      if (this.ended) return sent;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
