import { type Decoded, type InputFormat, type LineDecoder, createLineDecoder } from '@vesselwatch/codecs';
import type { CsvOptions } from '@vesselwatch/codecs';
import { type FixSource, type PositionFix, PositionFixSchema, describeIssues } from '@vesselwatch/domain';
import type { DeadLetter, FixPublisher } from './fix-publisher';
import { type IngestResult, emptyIngestResult } from './ingest-result';
import { type TerminalDirectory, unregisteredVesselId } from './terminal-directory';

export interface IngestOptions {
  format: InputFormat;
  /** Who sent the lines (provider name, TCP peer, file), recorded with rejected input. */
  origin: string;
  /** The stream's decoder when lines of one stream arrive in several batches (TCP); else a fresh one. */
  decoder?: LineDecoder;
  /** End of the stream: unfinished multi-sentence messages are rejected (default true). */
  endOfStream?: boolean;
  /** Number of the first line, for streams ingested in batches (default 1). */
  firstLineNumber?: number;
  /** Labels the fixes with this source instead of the format's (the simulator's NAF is `sim`). */
  source?: FixSource;
  csv?: CsvOptions;
  /** Receive time; defaults to the pipeline's clock. */
  receivedAtMs?: number;
}

/**
 * The gateway path every input takes (HTTP, TCP, replay, simulator): decode -> validate -> map the
 * terminal to a vessel -> publish to `vms.fixes`; rejected lines go to `vms.fixes.dlq` with their reason
 * and are reported back. Resolves once the bus acknowledged the batch.
 */
export class IngestPipeline {
  constructor(
    private readonly directory: TerminalDirectory,
    private readonly publisher: FixPublisher,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async ingest(lines: readonly string[], options: IngestOptions): Promise<IngestResult> {
    const receivedAtMs = options.receivedAtMs ?? this.nowMs();
    const decoder = options.decoder ?? createLineDecoder(options.format, options.csv);
    const firstLine = options.firstLineNumber ?? 1;
    const result = emptyIngestResult();
    const fixes: PositionFix[] = [];
    const unregistered = new Set<string>();
    const deadLetters: DeadLetter[] = [];

    const take = (decoded: Decoded, line: number, input: string) => {
      switch (decoded.kind) {
        case 'position': {
          const report = decoded.report;
          const source = options.source ?? report.source;
          const registered = this.directory.lookup(report.terminalId, source);
          const vesselId = registered ?? unregisteredVesselId(source, report.terminalId);
          const candidate = { ...report, source, vesselId, receivedAtMs };
          const parsed = PositionFixSchema.safeParse(candidate);
          if (!parsed.success) {
            const problems = describeIssues(parsed.error).map((p) => `${p.path}: ${p.problem}`);
            return reject(line, input, {
              kind: 'rejected',
              reason: 'bad-field',
              detail: problems.join('; '),
            });
          }
          fixes.push(parsed.data);
          result.latestReportedAtMs = Math.max(
            result.latestReportedAtMs ?? parsed.data.reportedAtMs,
            parsed.data.reportedAtMs,
          );
          if (registered === null) {
            unregistered.add(vesselId);
            result.unregistered++;
          }
          return;
        }
        case 'static':
          result.staticReports++;
          return;
        case 'ignored':
          result.ignored[decoded.what] = (result.ignored[decoded.what] ?? 0) + 1;
          return;
        case 'rejected':
          return reject(line, input, decoded);
        case 'pending':
        case 'skipped':
          return;
      }
    };
    const reject = (line: number, input: string, decoded: Extract<Decoded, { kind: 'rejected' }>) => {
      result.rejected++;
      result.rejectedByReason[decoded.reason] = (result.rejectedByReason[decoded.reason] ?? 0) + 1;
      result.rejections.push({ line, reason: decoded.reason, detail: decoded.detail });
      deadLetters.push({
        format: options.format,
        origin: options.origin,
        line,
        reason: decoded.reason,
        detail: decoded.detail,
        input,
        receivedAtMs,
      });
    };

    lines.forEach((input, index) => {
      for (const decoded of decoder.decode(input, receivedAtMs)) take(decoded, firstLine + index, input);
    });
    if (options.endOfStream ?? true) {
      const lastLine = firstLine + Math.max(0, lines.length - 1);
      for (const decoded of decoder.flush()) take(decoded, lastLine, '');
    }
    result.lines = lines.length;
    result.accepted = fixes.length;
    await this.publisher.publish(fixes, unregistered);
    await this.publisher.recordDeadLetters(deadLetters);
    return result;
  }
}
