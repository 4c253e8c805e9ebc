/** fetch, its failure said in one short line: `http://127.0.0.1:8001 refused the connection (ECONNREFUSED)`. */
async function request(url: string, timeoutMs: number, method = 'GET'): Promise<Response> {
  try {
    return await fetch(url, { method, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const { name, cause } = error as Error & { cause?: { code?: string } };
    const reason = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.code ?? 'no answer');
    throw new Error(`${new URL(url).origin}: ${reason}`, { cause: error });
  }
}

/** GET (or another method) with a timeout; the body as JSON, or an error naming the status. */
export async function fetchJson<T>(url: string, timeoutMs: number, method = 'GET'): Promise<T> {
  const response = await request(url, timeoutMs, method);
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string; detail?: string }).message ?? message;
    } catch {
      // Not JSON: keep the text.
    }
    throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}: ${message}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function fetchText(url: string, timeoutMs: number): Promise<string> {
  const response = await request(url, timeoutMs);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return text;
}
