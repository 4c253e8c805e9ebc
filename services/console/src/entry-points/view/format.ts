import { html, type Html } from './html.js';

/** `18:30:01` in UTC: the console's clock is the platform's (every created_at is UTC). */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** `0.4 s ago`, `12 s ago`, `3 min ago`. */
export function ago(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s ago`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s ago`;
  return `${Math.round(ms / 60_000)} min ago`;
}

export function amount(value: number | null): string {
  return value === null ? '—' : value.toLocaleString('en');
}

const SYMBOLS: Record<string, string> = {
  up: '✓',
  RUNNING: '✓',
  stale: '⚠',
  PAUSED: '⏸',
  STOPPED: '■',
  RESTARTING: '↻',
  UNASSIGNED: '…',
  down: '✗',
  FAILED: '✗',
};

const LABELS: Record<string, string> = { stale: 'stale heartbeat' };

/**
 * A state as a badge: a symbol and the word, so colour (the class) is never the only signal. The
 * symbol is hidden from screen readers, which read the word.
 */
export function stateBadge(state: string): Html {
  const tone = ['up', 'RUNNING'].includes(state) ? 'good' : ['down', 'FAILED'].includes(state) ? 'bad' : 'warn';
  return html`<span class="state state-${tone}"
    ><span aria-hidden="true">${SYMBOLS[state] ?? '•'}</span> ${LABELS[state] ?? state}</span
  >`;
}

/** A source that did not answer this round: said in words, in its section. */
export function unavailable(what: string, error: string): Html {
  return html`<p class="unavailable"><strong>${what} unavailable:</strong> ${error}</p>`;
}
