import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { type InputFormat, createLineDecoder, detectInputFormat } from '@vesselwatch/codecs';
import { VesselWatchError } from '@vesselwatch/domain';
import {
  type IngestPipeline,
  type IngestResult,
  addIngestResult,
  emptyIngestResult,
} from '@vesselwatch/gateway';
import type { ReplayProgress } from './replay-progress';

/** Individual rejections kept for the summary (every one is on the dead-letter topic). */
const KEEP_REJECTIONS = 10;
const DETECT_LINES = 20;

export interface ReplayFile {
  path: string;
  format: InputFormat;
  bytes: number;
}

async function firstLines(path: string, count: number): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({
    input: createReadStream(path, { encoding: 'utf8', end: 64 * 1024 }),
    crlfDelay: Infinity,
  });
  for await (const line of reader) {
    lines.push(line);
    if (lines.length >= count) break;
  }
  reader.close();
  return lines;
}

/**
 * Expands directories (one level, sorted by name) and decides each file's format. A file named on the
 * command line whose format cannot be recognised is an error; inside a directory it is skipped (and named),
 * so `replay ../shared/data/ais/gfw_gpsdio_segment_regression` passes over the LICENSE file.
 */
export async function resolveReplayFiles(
  paths: readonly string[],
  format: InputFormat | null,
): Promise<{ files: ReplayFile[]; skipped: string[] }> {
  const files: ReplayFile[] = [];
  const skipped: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: unknown) => {
      throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
        detail: `cannot read ${path}: ${(error as Error).message}`,
      });
    });
    const inDirectory = info.isDirectory();
    const candidates = inDirectory ? (await readdir(path)).sort().map((name) => join(path, name)) : [path];
    for (const candidate of candidates) {
      const candidateInfo = inDirectory ? await stat(candidate) : info;
      if (!candidateInfo.isFile()) continue;
      const detected = format ?? detectInputFormat(await firstLines(candidate, DETECT_LINES));
      if (detected === null) {
        if (inDirectory) {
          skipped.push(candidate);
          continue;
        }
        throw new VesselWatchError('VW_ERR_FORMAT_UNKNOWN', {
          detail: `cannot tell the format of ${candidate}; pass --format`,
        });
      }
      files.push({ path: candidate, format: detected, bytes: candidateInfo.size });
    }
  }
  return { files, skipped };
}

export interface ReplayOptions {
  speedFactor: number | null;
  batchLines: number;
  onProgress?: (progress: ReplayProgress) => void;
  nowMs?: () => number;
}

/**
 * Streams each file through the ingest pipeline in batches (memory stays bounded whatever the file size).
 * With a speed factor, waits after each batch until the wall clock has caught up with the batch's latest
 * report time divided by the factor; time going backwards (the next file) starts a new pace.
 */
export async function replayFiles(
  pipeline: IngestPipeline,
  files: readonly ReplayFile[],
  options: ReplayOptions,
): Promise<IngestResult> {
  const nowMs = options.nowMs ?? Date.now;
  const startedAtMs = nowMs();
  const totals = emptyIngestResult();
  let pace: { eventStartMs: number; wallStartMs: number } | null = null;

  for (const file of files) {
    const name = basename(file.path);
    const decoder = createLineDecoder(file.format);
    const stream = createReadStream(file.path, { encoding: 'utf8' });
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    let batch: string[] = [];
    let nextLine = 1;

    const flush = async (endOfStream: boolean) => {
      const result = await pipeline.ingest(batch, {
        format: file.format,
        origin: `replay:${name}`,
        decoder,
        endOfStream,
        firstLineNumber: nextLine,
      });
      nextLine += batch.length;
      batch = [];
      result.rejections = result.rejections.map((r) => ({ ...r, detail: `${name}:${r.line}: ${r.detail}` }));
      addIngestResult(totals, result, KEEP_REJECTIONS);
      options.onProgress?.({
        file: name,
        bytesRead: stream.bytesRead,
        bytesTotal: file.bytes,
        totals,
        elapsedMs: nowMs() - startedAtMs,
      });
      if (options.speedFactor !== null && result.latestReportedAtMs !== null) {
        if (pace === null || result.latestReportedAtMs < pace.eventStartMs) {
          pace = { eventStartMs: result.latestReportedAtMs, wallStartMs: nowMs() };
        }
        const dueAtMs =
          pace.wallStartMs + (result.latestReportedAtMs - pace.eventStartMs) / options.speedFactor;
        const waitMs = dueAtMs - nowMs();
        if (waitMs > 0) await sleep(waitMs);
      }
    };

    for await (const line of reader) {
      batch.push(line);
      if (batch.length >= options.batchLines) await flush(false);
    }
    await flush(true);
  }
  return totals;
}
