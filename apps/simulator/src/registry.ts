import type { SimVessel } from './fleet';

/** A terminal-to-vessel registration, shaped as the gateway's TerminalRegistration. */
export interface SimTerminalRegistration {
  vesselId: string;
  terminalId: string;
  source: 'sim';
}

/** The fleet's terminals, to register in the gateway's terminal directory before the simulator starts. */
export function fleetRegistrations(vessels: readonly SimVessel[]): SimTerminalRegistration[] {
  return vessels.map((vessel) => ({
    vesselId: vessel.vesselId,
    terminalId: vessel.terminalId,
    source: 'sim',
  }));
}
