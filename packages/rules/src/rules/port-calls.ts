import type { FixContext } from './context';

/**
 * port.arrival / port.departure and the port-call log. A vessel arrives when a fix lies inside a port
 * area, and departs only once it is outside by more than the port's exit margin: the exit radius is larger
 * than the enter radius, so manoeuvring at the harbour mouth does not make a string of calls.
 * A vessel first seen in port is recorded as in port (a call from that fix) without an arrival alert: it
 * did not arrive then, we only started watching.
 */
export function applyPortRules(ctx: FixContext): void {
  const { fix, facts, next } = ctx;
  const [lon, lat] = fix.position;
  const portHere = ctx.areas.find((index) => facts.zone(index).kind === 'port');
  const current = next.portId;

  if (current !== null) {
    const currentIndex = facts.zones.zoneIndexOf(current);
    if (portHere !== undefined && facts.zone(portHere).id === current) return;
    // The port left the zone set (a new version): the vessel is no longer in a known port.
    const stillNear =
      currentIndex >= 0 &&
      facts.distanceToPortNm(currentIndex, lon, lat) <= facts.portExitMarginNm(currentIndex);
    if (stillNear && portHere === undefined) return;
    depart(ctx, current);
  }
  if (portHere !== undefined) arrive(ctx, facts.zone(portHere).id);
}

function depart(ctx: FixContext, portId: string): void {
  const { fix, next, book } = ctx;
  const arrivedAtMs = next.portArrivedAtMs ?? fix.reportedAtMs;
  ctx.portCalls.push({
    vesselId: fix.vesselId,
    portId,
    arrivedAtMs,
    departedAtMs: ctx.atMs,
    arrivalPosition: null,
  });
  book.instant({
    type: 'port.departure',
    subject: portId,
    severity: 'info',
    startMs: ctx.atMs,
    openingFix: fix,
    zoneId: portId,
    evidence: { arrivedAtMs, speedKnots: fix.speedKnots ?? undefined },
  });
  next.portId = null;
  next.portArrivedAtMs = null;
}

function arrive(ctx: FixContext, portId: string): void {
  const { fix, next, book } = ctx;
  next.portId = portId;
  next.portArrivedAtMs = ctx.atMs;
  ctx.portCalls.push({
    vesselId: fix.vesselId,
    portId,
    arrivedAtMs: ctx.atMs,
    departedAtMs: null,
    arrivalPosition: [fix.position[0], fix.position[1]],
  });
  if (ctx.previous === null) return;
  book.instant({
    type: 'port.arrival',
    subject: portId,
    severity: 'info',
    startMs: ctx.atMs,
    openingFix: fix,
    zoneId: portId,
    evidence: {},
  });
}
