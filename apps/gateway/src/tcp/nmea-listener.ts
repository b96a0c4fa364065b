import { type Server, type Socket, createServer } from 'node:net';
import { AisLineDecoder } from '@vesselwatch/codecs';
import type { FixPublisher } from '../fix-publisher';
import type { IngestPipeline } from '../ingest-pipeline';
import { type IngestResult, addIngestResult, emptyIngestResult } from '../ingest-result';
import type { GatewayLogger } from '../logger';
import { LineSplitter } from './line-splitter';

export interface NmeaListenerOptions {
  pipeline: IngestPipeline;
  publisher: FixPublisher;
  log: GatewayLogger;
  /** NMEA 0183 sentences are at most 82 characters; tag blocks and trailers add some. */
  maxLineBytes: number;
  maxConnections: number;
}

/** Rejections kept per connection summary (the DLQ has them all). */
const KEEP_REJECTIONS_PER_CONNECTION = 20;

/**
 * TCP listener for AIS receivers and aggregators: one NMEA 0183 sentence per line. Each connection has its
 * own decoder (multi-sentence messages span lines). Back-pressure: the socket is paused while a chunk is
 * decoded and published, and stays paused while the bus has more unacknowledged fixes than allowed; TCP
 * flow control then slows the sender, so the gateway never buffers more than one chunk per connection.
 */
export function createNmeaListener(options: NmeaListenerOptions): Server {
  const { pipeline, publisher, log } = options;
  const server = createServer((socket) => handleConnection(socket));
  server.maxConnections = options.maxConnections;

  function handleConnection(socket: Socket): void {
    const origin = `tcp:${socket.remoteAddress}:${socket.remotePort}`;
    const decoder = new AisLineDecoder();
    const splitter = new LineSplitter(options.maxLineBytes);
    const summary: IngestResult = emptyIngestResult();
    let nextLine = 1;
    let queue = Promise.resolve();
    socket.setEncoding('latin1');

    const ingest = (lines: string[], tooLong: number, endOfStream: boolean) => {
      queue = queue
        .then(async () => {
          const firstLineNumber = nextLine;
          nextLine += lines.length + tooLong;
          const result = await pipeline.ingest(lines, {
            format: 'nmea',
            origin,
            decoder,
            endOfStream,
            firstLineNumber,
          });
          if (tooLong > 0) {
            result.rejected += tooLong;
            result.rejectedByReason['line-too-long'] =
              (result.rejectedByReason['line-too-long'] ?? 0) + tooLong;
            await publisher.recordDeadLetters(
              Array.from({ length: tooLong }, () => ({
                format: 'nmea',
                origin,
                line: firstLineNumber,
                reason: 'line-too-long',
                detail: `a line was longer than ${options.maxLineBytes} bytes`,
                input: '',
                receivedAtMs: Date.now(),
              })),
            );
          }
          addIngestResult(summary, result, KEEP_REJECTIONS_PER_CONNECTION);
          if (!publisher.hasRoomFor()) await publisher.whenAtMost(publisher.maxPendingFixes / 2);
        })
        .catch((error: unknown) => {
          // The bus refused: close the connection so the sender reconnects and re-sends, rather than lose data.
          log.error({ err: error, origin }, 'publishing an NMEA stream failed; closing the connection');
          socket.destroy();
        });
      return queue;
    };

    socket.on('data', (chunk: string) => {
      socket.pause();
      const { lines, tooLong } = splitter.push(chunk);
      void ingest(lines, tooLong, false).then(() => {
        if (!socket.destroyed) socket.resume();
      });
    });
    socket.on('end', () => {
      void ingest(splitter.end(), 0, true).then(() => {
        log.info({ origin, ...summary, rejections: summary.rejections }, 'NMEA connection closed');
        socket.end();
      });
    });
    socket.on('error', (error) => log.warn({ err: error, origin }, 'NMEA connection error'));
  }

  return server;
}
