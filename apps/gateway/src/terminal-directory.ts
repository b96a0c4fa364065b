import { type FixSource, type VesselId, VesselIdSchema } from '@vesselwatch/domain';

/**
 * Which vessel a terminal belongs to. The gateway asks this for every report; the in-memory
 * implementation below is fed from a registry list (the simulator's fleet registers here), and the store's
 * vessel registry (issue 5) will provide a database-backed one behind the same interface.
 */
export interface TerminalDirectory {
  /** The vessel a terminal reports for, or null when the terminal is not registered. */
  lookup(terminalId: string, source: FixSource): VesselId | null;
}

export interface TerminalRegistration {
  vesselId: VesselId;
  terminalId: string;
  /** Only reports of this source map to the vessel; omitted: any source (a terminal id unique across feeds). */
  source?: FixSource;
}

export class InMemoryTerminalDirectory implements TerminalDirectory {
  private readonly bySourceAndTerminal = new Map<string, VesselId>();
  private readonly byTerminal = new Map<string, VesselId>();

  constructor(registrations: Iterable<TerminalRegistration> = []) {
    this.register(registrations);
  }

  /** Adds or replaces registrations; a vessel id that is not a valid VesselId is refused at once. */
  register(registrations: Iterable<TerminalRegistration>): void {
    for (const { vesselId, terminalId, source } of registrations) {
      VesselIdSchema.parse(vesselId);
      if (source === undefined) this.byTerminal.set(terminalId, vesselId);
      else this.bySourceAndTerminal.set(`${source}\u0000${terminalId}`, vesselId);
    }
  }

  get size(): number {
    return this.bySourceAndTerminal.size + this.byTerminal.size;
  }

  lookup(terminalId: string, source: FixSource): VesselId | null {
    return (
      this.bySourceAndTerminal.get(`${source}\u0000${terminalId}`) ?? this.byTerminal.get(terminalId) ?? null
    );
  }
}

/** Prefix of the vessel ids fixes of unregistered terminals are published under. */
export const UNREGISTERED_PREFIX = 'unregistered:';

/** 32-bit FNV-1a, as 8 hex digits: tells apart terminal ids that sanitise to the same text. */
function fnv1aHex(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The synthetic vessel id of an unregistered terminal: `unregistered:<source>:<terminalId>`. Fixes of
 * unknown terminals are recorded under it on `vms.fixes` like any other (so nothing is dropped and an
 * operator can register the terminal later); characters a vessel id may not hold become `_` and, when
 * anything had to change, a hash of the original keeps distinct terminals distinct.
 */
export function unregisteredVesselId(source: FixSource, terminalId: string): VesselId {
  const prefix = `${UNREGISTERED_PREFIX}${source}:`;
  const sanitised = terminalId.replace(/[^A-Za-z0-9._:-]/g, '_');
  const plain = `${prefix}${sanitised}`;
  if (sanitised === terminalId && plain.length <= 64) return plain;
  return `${prefix}${sanitised.slice(0, 64 - prefix.length - 9)}.${fnv1aHex(terminalId)}`;
}
