import { VesselSchema, type Vessel } from '@vesselwatch/domain';
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

const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Đặng', 'Bùi', 'Đỗ'] as const;
const GIVEN_NAMES = [
  'Văn Hùng',
  'Văn Minh',
  'Thị Lan',
  'Văn Tài',
  'Quốc Bảo',
  'Văn Phúc',
  'Thị Hoa',
] as const;

/**
 * The fleet as registry entries, so the simulated vessels appear in the vessel registry like real ones.
 * Owners get a name but no phone or e-mail on purpose: a simulated alert must never reach a real person.
 */
export function fleetVessels(vessels: readonly SimVessel[], expectedReportIntervalMs: number): Vessel[] {
  return vessels.map((vessel) =>
    VesselSchema.parse({
      id: vessel.vesselId,
      registrationNumber: vessel.registrationNumber,
      name: vessel.name,
      flagState: 'VNM',
      lengthOverallM: vessel.lengthOverallM,
      gear: vessel.gear,
      homePortId: vessel.homePort.id,
      owner: {
        name: `${FAMILY_NAMES[vessel.index % FAMILY_NAMES.length]} ${GIVEN_NAMES[vessel.index % GIVEN_NAMES.length]}`,
        role: 'owner',
      },
      terminalIds: [vessel.terminalId],
      expectedReportIntervalMs,
    }),
  );
}
