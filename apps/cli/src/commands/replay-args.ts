import { type InputFormat, isInputFormat } from '@vesselwatch/codecs';
import { VesselWatchError } from '@vesselwatch/domain';

export interface ReplayArgs {
  paths: string[];
  /** null: detect from each file's first lines. */
  format: InputFormat | null;
  /** Event time per wall-clock time (3600 = one hour per second); null: as fast as the bus acknowledges. */
  speedFactor: number | null;
  /** Lines decoded and published per batch. */
  batchLines: number;
}

export const REPLAY_USAGE = `Usage: vesselwatch replay <file or directory>... [--format naf|nmea|json|csv|gfw-json] [--speed 3600x|max]

Feeds files through the gateway path (decode, validate, map terminals, publish to vms.fixes) and prints a
summary: accepted, unregistered, rejected by reason. --speed paces by the reports' own times (3600x = one
hour of reports per second); the default, max, sends as fast as the bus acknowledges.`;

/** Lines per batch: big batches when sending flat out, small ones when pacing so the pace is smooth. */
const BATCH_LINES_MAX_SPEED = 2_000;
const BATCH_LINES_PACED = 50;

function usageError(detail: string): VesselWatchError {
  return new VesselWatchError('VW_ERR_INPUT_INVALID', { detail: `${detail}\n\n${REPLAY_USAGE}` });
}

export function parseReplayArgs(args: readonly string[]): ReplayArgs {
  const paths: string[] = [];
  let format: InputFormat | null = null;
  let speedFactor: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inlineValue] = arg.startsWith('--')
      ? (arg.split('=', 2) as [string, string | undefined])
      : [arg, undefined];
    const value = () => {
      const next = inlineValue ?? args[++i];
      if (next === undefined) throw usageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--format') {
      const name = value();
      if (!isInputFormat(name)) {
        throw new VesselWatchError('VW_ERR_FORMAT_UNKNOWN', { detail: `--format ${name}` });
      }
      format = name;
    } else if (flag === '--speed') {
      const text = value();
      if (text === 'max') speedFactor = null;
      else {
        const match = /^(\d+(\.\d+)?)x?$/.exec(text);
        if (!match || Number(match[1]) <= 0)
          throw usageError(`--speed ${text}: expected a factor such as 3600x, or max`);
        speedFactor = Number(match[1]);
      }
    } else if (flag.startsWith('--')) {
      throw usageError(`unknown option ${flag}`);
    } else paths.push(arg);
  }
  if (paths.length === 0) throw usageError('no file to replay');
  return {
    paths,
    format,
    speedFactor,
    batchLines: speedFactor === null ? BATCH_LINES_MAX_SPEED : BATCH_LINES_PACED,
  };
}
