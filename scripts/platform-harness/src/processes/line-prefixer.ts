/**
 * Turns a child's output chunks into whole lines, each prefixed with its padded, colored name
 * (`order-8081 | ...`), so several processes can share one terminal. A chunk may end mid-line:
 * the rest waits for the next chunk (or `flush()` when the stream ends).
 */
const COLORS = [36, 35, 33, 32, 34, 91, 96, 95, 93, 92] as const;

export function colorFor(index: number): number {
  return COLORS[index % COLORS.length]!;
}

export function formatPrefix(name: string, width: number, color: number | undefined): string {
  const padded = name.padEnd(width);
  return color === undefined ? `${padded} | ` : `\u001b[${color}m${padded} |\u001b[0m `;
}

export class LinePrefixer {
  private pending = '';

  constructor(
    private readonly prefix: () => string,
    private readonly emit: (line: string) => void,
  ) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    const lines = text.split('\n');
    this.pending = lines.pop()!;
    for (const line of lines) this.emit(this.prefix() + line.replace(/\r$/, ''));
  }

  flush(): void {
    if (this.pending) this.emit(this.prefix() + this.pending);
    this.pending = '';
  }
}
