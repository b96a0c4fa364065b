import { z } from 'zod';

/** ISO 3166-1 alpha-3 country code, e.g. VNM, CHN. */
export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code such as VNM');

/** Our own opaque vessel id (stable across re-registration). Safe for URLs, Kafka keys and file names. */
export const VesselIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_", ":" or "-"');
export type VesselId = z.infer<typeof VesselIdSchema>;

/** Id a terminal (VMS box, AIS transponder MMSI, satellite provider id) reports under. */
export const TerminalIdSchema = z.string().min(1).max(64);
export type TerminalId = z.infer<typeof TerminalIdSchema>;

/**
 * Vietnamese fishing-vessel registration number: province code, number, "TS" (thuy san),
 * e.g. `ST-12345-TS` (Soc Trang), `QNg-90123-TS` (Quang Ngai), `BĐ-97461-TS` (Binh Dinh).
 */
export const VN_REGISTRATION_NUMBER = /^[A-Za-zĐđ]{2,4}-\d{3,6}-TS$/;

/** Registration numbers of other flag states are free text; Vietnamese ones must follow the national pattern. */
export function isValidRegistrationNumber(registrationNumber: string, flagState: string): boolean {
  if (flagState === 'VNM') return VN_REGISTRATION_NUMBER.test(registrationNumber);
  return registrationNumber.trim().length > 0 && registrationNumber.length <= 32;
}
