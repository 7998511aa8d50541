/** Refused before any judgment: a status, a JSON error body and the outcome the metrics count. */
export class Refusal {
  constructor(
    readonly status: number,
    readonly outcome: string,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Marks a refusal whose body is not read: the connection closes after the answer. */
export function withClose(refusal: Refusal): Refusal {
  return new Refusal(refusal.status, refusal.outcome, refusal.message, { connection: "close", ...refusal.headers });
}
