import { type Gear, type VesselClass, VESSEL_CLASS_MIN_LENGTH_M } from '@vesselwatch/domain';
import type { Port } from './ports';
import { Random } from '@vesselwatch/random';

/** What a simulated vessel does beyond ordinary fishing trips; shares are configurable. */
export type Behaviour =
  'normal' | 'crosses-boundary' | 'approaches-boundary' | 'goes-silent' | 'violates-zone' | 'glitches';

export interface FleetShares {
  /** Shares of the vessel classes (Decree 26/2019 Art. 43 lengths); normalised. */
  classes: Record<VesselClass, number>;
  /** Shares of vessels with each special behaviour; the rest behave normally. Each in [0, 1]. */
  behaviours: Record<Exclude<Behaviour, 'normal'>, number>;
}

/**
 * Default fleet: mostly >= 15 m vessels (those must carry VMS), some smaller ones that carry it voluntarily;
 * a few of each misbehaviour so that a simulated week shows every alert type.
 */
export const DEFAULT_FLEET_SHARES: FleetShares = {
  classes: { offshore: 0.6, inshore: 0.25, coastal: 0.15 },
  behaviours: {
    'crosses-boundary': 0.04,
    'approaches-boundary': 0.08,
    'goes-silent': 0.06,
    'violates-zone': 0.06,
    glitches: 0.03,
  },
};

export interface SimVessel {
  index: number;
  vesselId: string;
  /** The id its (simulated) VMS terminal reports under. */
  terminalId: string;
  registrationNumber: string;
  name: string;
  vesselClass: VesselClass;
  lengthOverallM: number;
  gear: Gear;
  homePort: Port;
  behaviour: Behaviour;
}

const GEAR_BY_CLASS: Record<VesselClass, readonly Gear[]> = {
  offshore: ['trawl', 'trawl', 'purse_seine', 'longline', 'gillnet', 'squid_jigging', 'logistics'],
  inshore: ['gillnet', 'trawl', 'trap', 'lift_net', 'handline'],
  coastal: ['gillnet', 'trap', 'handline', 'lift_net'],
};

/** Length ranges per class, metres; offshore lengths skew towards the common 15-24 m boats. */
function lengthFor(vesselClass: VesselClass, random: Random): number {
  const metres =
    vesselClass === 'offshore'
      ? VESSEL_CLASS_MIN_LENGTH_M.offshore + 15 * random.next() ** 2
      : vesselClass === 'inshore'
        ? random.between(VESSEL_CLASS_MIN_LENGTH_M.inshore, VESSEL_CLASS_MIN_LENGTH_M.offshore - 0.1)
        : random.between(7, VESSEL_CLASS_MIN_LENGTH_M.inshore - 0.1);
  return Math.round(metres * 10) / 10;
}

/** Boundary behaviours need the range of an offshore vessel; others fit any class. */
function behaviourFor(vesselClass: VesselClass, shares: FleetShares, random: Random): Behaviour {
  const roll = random.next();
  let cumulative = 0;
  for (const [behaviour, share] of Object.entries(shares.behaviours) as [
    Exclude<Behaviour, 'normal'>,
    number,
  ][]) {
    cumulative += share;
    if (roll < cumulative) {
      const needsRange = behaviour === 'crosses-boundary' || behaviour === 'approaches-boundary';
      return needsRange && vesselClass !== 'offshore' ? 'normal' : behaviour;
    }
  }
  return 'normal';
}

const NAME_WORDS = [
  'Hai Dang',
  'Thanh Cong',
  'Binh An',
  'Phuoc Loc',
  'Tan Phat',
  'Hoang Sa',
  'Truong Sa',
  'Minh Chau',
];

/** ASCII folding for ids: `BĐ` -> `bd`. */
function asciiId(text: string): string {
  return text.replace(/[Đđ]/g, 'd').toLowerCase();
}

/**
 * A deterministic fleet: the same seed, count and shares give the same vessels on every machine.
 * Vessels are spread over the home ports round-robin after a seeded shuffle of the start port.
 */
export function generateFleet(
  seed: number,
  count: number,
  ports: readonly Port[],
  shares: FleetShares = DEFAULT_FLEET_SHARES,
): SimVessel[] {
  const vessels: SimVessel[] = [];
  const usedNumbers = new Set<string>();
  for (let index = 0; index < count; index++) {
    const random = Random.derive(seed, index);
    const homePort = ports[
      (index + Random.derive(seed, -1).integer(0, ports.length - 1)) % ports.length
    ] as Port;
    const vesselClass = random.weighted(shares.classes);
    let registrationNumber: string;
    do {
      registrationNumber = `${homePort.registrationPrefix}-${random.integer(90000, 99999)}-TS`;
    } while (usedNumbers.has(registrationNumber));
    usedNumbers.add(registrationNumber);
    vessels.push({
      index,
      vesselId: `vn-${asciiId(registrationNumber)}`,
      terminalId: `SIM-${String(index + 1).padStart(5, '0')}`,
      registrationNumber,
      name: `${random.pick(NAME_WORDS)} ${random.integer(1, 99)}`,
      vesselClass,
      lengthOverallM: lengthFor(vesselClass, random),
      gear: random.pick(GEAR_BY_CLASS[vesselClass]),
      homePort,
      behaviour: behaviourFor(vesselClass, shares, random),
    });
  }
  return vessels;
}
