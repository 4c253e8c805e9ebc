/** What catalog-service's GET /ready answers (the fields the tests read). */
export interface ReadyReport {
  /** The HTTP status of the answer (200 or 503). */
  httpStatus: number;
  status: string;
  database: string;
  consumer: {
    state: string;
    assignedPartitions: number[];
    counts: { applied: number; duplicates: number; rejected: number; deadLettered: number };
  };
  lag: Array<{ partition: number; lag: number }> | null;
}

export async function readinessOf(port: number): Promise<ReadyReport> {
  const response = await fetch(`http://127.0.0.1:${port}/catalog-service/ready`);
  const body = (await response.json()) as Omit<ReadyReport, 'httpStatus'>;
  return { httpStatus: response.status, ...body };
}
