/**
 * A request body with no Content-Length (the runtime sends it chunked) that is produced only as
 * it is read, and counts what was read: proof that a server refused a large body without
 * buffering it whole.
 */
export interface CountedBody {
  stream: ReadableStream<Uint8Array>;
  /** Bytes handed to the reader so far. */
  pulled(): number;
}

export function chunkedBody(totalBytes: number, chunkBytes = 64 * 1024): CountedBody {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= totalBytes) {
          controller.close();
          return;
        }
        const size = Math.min(chunkBytes, totalBytes - pulled);
        // '{' then JSON whitespace: a reader that took it all would find a truncated JSON object.
        const chunk = new Uint8Array(size).fill(0x20);
        if (pulled === 0) chunk[0] = 0x7b;
        pulled += size;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}
