/** Markup that is already safe: what `html` builds, never text from a source. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** What a template may interpolate. */
type Part = Html | string | number | boolean | null | undefined | readonly Part[];

function part(value: Part): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return (value as readonly Part[]).map(part).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * The one way the console writes HTML: every interpolated value is escaped (connector traces, user ids
 * and product ids come from outside), unless it is Html itself; arrays are joined, nothing and false
 * are empty.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(strings.reduce((out, string, index) => out + part(values[index - 1]) + string));
}

/** A table with its caption and column headers (`scope="col"`, for screen readers), around its rows. */
export function tableView(caption: string, columns: string[], rows: Html[]): Html {
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${columns.map((column) => html`<th scope="col">${column}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
