/**
 * The edge's one logger: one JSON object per line, so Workers Logs / Logpush can filter on
 * fields (`requestId` ties a shopper's request to the origin's log lines) instead of parsing
 * prose. Nothing else in edge/ calls console directly.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = { requestId?: string } & Record<string, unknown>;

/** Writes one structured line: `{ ts, level, service: 'edge', message, requestId, ...fields }`. */
export function log(level: LogLevel, message: string, fields: LogFields = {}): void {
  const { requestId, ...rest } = fields;
  let line: string;
  try {
    line = JSON.stringify({ ts: new Date().toISOString(), level, service: 'edge', message, requestId, ...rest });
  } catch {
    // A field that cannot be serialized (a cycle, a BigInt) must not turn a log call into an outage.
    line = JSON.stringify({ ts: new Date().toISOString(), level, service: 'edge', message, requestId });
  }
  console[level](line);
}

export const logger = {
  debug: (message: string, fields?: LogFields) => log('debug', message, fields),
  info: (message: string, fields?: LogFields) => log('info', message, fields),
  warn: (message: string, fields?: LogFields) => log('warn', message, fields),
  error: (message: string, fields?: LogFields) => log('error', message, fields),
};

/** A thrown value as loggable fields; stacks only for real Errors. */
export function errorFields(err: unknown): { error: { name: string; message: string; stack?: string } | string } {
  return err instanceof Error
    ? { error: { name: err.name, message: err.message, stack: err.stack } }
    : { error: String(err) };
}
