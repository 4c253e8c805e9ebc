/** `2022-07-29T17:00:27.025+00:00`: how the seed's services (Jackson) write a UTC instant. */
export function formatCreatedAt(instant: Date): string {
  return instant.toISOString().replace(/Z$/, '+00:00');
}
