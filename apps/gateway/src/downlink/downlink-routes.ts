import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { VesselWatchError } from '@vesselwatch/domain';
import type { DownlinkMailbox } from './downlink-mailbox';

/** Longest long poll a provider may ask for. */
export const DOWNLINK_MAX_WAIT_S = 30;
const MAX_ACK_IDS = 1000;

function invalid(detail: string): VesselWatchError {
  return new VesselWatchError('VW_ERR_INPUT_INVALID', { detail });
}

function terminalOf(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64)
    throw invalid('terminal: give the terminal id (1-64 characters)');
  return value;
}

/**
 * The terminal downlink for providers (docs/gateway.md, docs/notifications.md), behind the gateway's API keys:
 * - GET  /v1/downlink?terminal=T[&after=CURSOR][&waitS=N]: the terminal's unacknowledged messages after the
 *   cursor, waiting up to N seconds (at most 30) for one when there is none (long poll);
 * - POST /v1/downlink/ack {"terminal":"T","ids":["vw-...", ...]}: the provider has them on the terminal.
 */
export function downlinkRoutes(mailbox: DownlinkMailbox, authenticate: RequestHandler): express.Router {
  const router = express.Router();
  router.get('/v1/downlink', authenticate, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const terminal = terminalOf(req.query.terminal);
      const after = req.query.after;
      if (after !== undefined && (typeof after !== 'string' || !/^\d{1,20}$/.test(after)))
        throw invalid('after: give the cursor of the last message you have');
      const waitS = req.query.waitS === undefined ? 0 : Number(req.query.waitS);
      if (!Number.isInteger(waitS) || waitS < 0 || waitS > DOWNLINK_MAX_WAIT_S)
        throw invalid(`waitS: a whole number of seconds from 0 to ${DOWNLINK_MAX_WAIT_S}`);
      const aborted = new AbortController();
      res.on('close', () => aborted.abort());
      const messages = await mailbox.wait(terminal, after ?? null, waitS * 1000, aborted.signal);
      res.json({ terminal, messages, cursor: messages.at(-1)?.cursor ?? after ?? null });
    } catch (error) {
      next(error);
    }
  });
  router.post(
    '/v1/downlink/ack',
    authenticate,
    express.json({ limit: 64 * 1024 }),
    (req: Request, res: Response, next: NextFunction) => {
      try {
        const body = (req.body ?? {}) as { terminal?: unknown; ids?: unknown };
        const terminal = terminalOf(body.terminal);
        const ids = body.ids;
        if (!Array.isArray(ids) || ids.length > MAX_ACK_IDS || !ids.every((id) => typeof id === 'string'))
          throw invalid(`ids: a JSON array of at most ${MAX_ACK_IDS} message ids`);
        res.json({ terminal, acknowledged: mailbox.acknowledge(terminal, ids as string[]) });
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
