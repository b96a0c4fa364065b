import { z } from 'zod';
import { CountryCodeSchema, TerminalIdSchema, VesselIdSchema, isValidRegistrationNumber } from './ids';
import { HOUR_MS, MINUTE_MS } from './units';

/** Reporting interval Vietnamese law requires at least (Decree 26/2019 Art. 44: one position every 2 h). */
export const DEFAULT_EXPECTED_REPORT_INTERVAL_MS = 2 * HOUR_MS;

export const GEAR_TYPES = [
  'trawl',
  'purse_seine',
  'gillnet',
  'longline',
  'handline',
  'squid_jigging',
  'trap',
  'lift_net',
  'logistics',
  'other',
] as const;
export const GearSchema = z.enum(GEAR_TYPES);
export type Gear = z.infer<typeof GearSchema>;

export const ContactSchema = z.object({
  name: z.string().min(1).max(120),
  role: z.enum(['owner', 'captain', 'crew', 'relative', 'agent']),
  /** E.164 phone number, e.g. +84912345678. */
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +84912345678')
    .optional(),
  email: z.email().optional(),
  /** Language of the messages this contact receives. */
  language: z.enum(['vi', 'en']).default('vi'),
});
export type Contact = z.infer<typeof ContactSchema>;

export const VesselSchema = z
  .object({
    id: VesselIdSchema,
    registrationNumber: z.string().min(1).max(32),
    name: z.string().min(1).max(120),
    flagState: CountryCodeSchema,
    lengthOverallM: z.number().positive().max(400),
    gear: GearSchema,
    /** Id of the vessel's home port (a port zone id). */
    homePortId: z.string().min(1).max(64),
    owner: ContactSchema.extend({ role: z.literal('owner') }),
    contacts: z.array(ContactSchema).default([]),
    terminalIds: z.array(TerminalIdSchema).default([]),
    /** How often this vessel's terminal is expected to report; signal-loss timers scale with it. */
    expectedReportIntervalMs: z
      .number()
      .int()
      .min(MINUTE_MS / 6)
      .max(24 * HOUR_MS)
      .default(DEFAULT_EXPECTED_REPORT_INTERVAL_MS),
  })
  .superRefine((vessel, ctx) => {
    if (!isValidRegistrationNumber(vessel.registrationNumber, vessel.flagState)) {
      ctx.addIssue({
        code: 'custom',
        path: ['registrationNumber'],
        message: 'a Vietnamese registration number looks like ST-12345-TS (province code, number, TS)',
      });
    }
  });
export type Vessel = z.infer<typeof VesselSchema>;

/** Fishing-zone class by length overall (Decree 26/2019 Art. 43). */
export const VESSEL_CLASSES = ['coastal', 'inshore', 'offshore'] as const;
export const VesselClassSchema = z.enum(VESSEL_CLASSES);
export type VesselClass = z.infer<typeof VesselClassSchema>;

/** Length limits of the classes, as data: >= 15 m offshore, 12-15 m inshore, < 12 m coastal. */
export const VESSEL_CLASS_MIN_LENGTH_M = { inshore: 12, offshore: 15 } as const;

export function vesselClassForLength(lengthOverallM: number): VesselClass {
  if (lengthOverallM >= VESSEL_CLASS_MIN_LENGTH_M.offshore) return 'offshore';
  if (lengthOverallM >= VESSEL_CLASS_MIN_LENGTH_M.inshore) return 'inshore';
  return 'coastal';
}
