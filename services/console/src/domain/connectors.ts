/** The first lines of a Java stack trace and its last causes: enough to see what failed without a screenful. */
export function shortenTrace(trace: string | undefined, lines = 6): string | undefined {
  if (!trace) return undefined;
  const all = trace.split('\n');
  const causedBy = all.filter((line) => line.startsWith('Caused by:'));
  const head = all.slice(0, lines);
  return [...head, ...(all.length > lines ? ['\t...'] : []), ...causedBy.slice(-2)].join('\n');
}
