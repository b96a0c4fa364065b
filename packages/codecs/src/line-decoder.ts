import type { Decoded } from './decoded';

/**
 * Turns lines of one input format into decoded results. One instance per stream (file, connection,
 * HTTP body), because some formats carry state across lines (AIS multi-sentence messages, CSV headers).
 * `decode` returns one result for the line, plus any earlier input it had to give up on; `flush` at the
 * end of the stream returns whatever is still unfinished, as rejections.
 */
export interface LineDecoder {
  decode(line: string, receivedAtMs: number): Decoded[];
  flush(): Decoded[];
}
