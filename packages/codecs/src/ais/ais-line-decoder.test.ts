import { describe, expect, it } from 'vitest';
import { AisLineDecoder, MAX_PENDING_AIS_MESSAGES } from './ais-line-decoder';
import { nmeaChecksum } from './nmea-sentence';

// Known messages (also in the pyais and gpsd test suites): a class A position and a 2-part type 5.
const TYPE_1 = '!AIVDM,1,1,,B,133i;RPP1DPEbcDMV@1r:Ow:2>`<,0*41';
const TYPE_5_PART_1 = '!AIVDM,2,1,7,A,57lof8`2F5HeT<eC:204e86373:222222222221@8HQC16Ch0:RA7kAD,0*28';
const TYPE_5_PART_2 = '!AIVDM,2,2,7,A,PBp888888888880,2*79';

/** Builds a valid sentence around a payload (to exercise odd envelopes without hand-computing checksums). */
function sentence(body: string): string {
  return `!${body}*${nmeaChecksum(body)}`;
}

describe('AisLineDecoder', () => {
  it('decodes a class A position report with speed and course', () => {
    const [result] = new AisLineDecoder().decode(TYPE_1, 1_000);
    expect(result).toEqual({
      kind: 'position',
      report: {
        terminalId: '205278090',
        source: 'ais',
        reportedAtMs: 1_000,
        position: [4.73319, 51.725665],
        speedKnots: 8.4,
        courseDeg: 260.1,
      },
    });
  });

  it('assembles a two-sentence type 5 into the static report', () => {
    const decoder = new AisLineDecoder();
    expect(decoder.decode(TYPE_5_PART_1, 0)).toEqual([{ kind: 'pending' }]);
    const [result] = decoder.decode(TYPE_5_PART_2, 0);
    expect(result).toMatchObject({
      kind: 'static',
      report: { terminalId: '525200930', shipName: 'AKRA 102', callSign: 'YCKT2' },
    });
    expect(decoder.flush()).toEqual([]);
  });

  it('rejects a second fragment without its first, and an unfinished message at the end', () => {
    const decoder = new AisLineDecoder();
    expect(decoder.decode(TYPE_5_PART_2, 0)).toMatchObject([
      { kind: 'rejected', reason: 'incomplete-message' },
    ]);
    decoder.decode(TYPE_5_PART_1, 0);
    expect(decoder.flush()).toMatchObject([{ kind: 'rejected', reason: 'incomplete-message' }]);
  });

  it('keeps at most MAX_PENDING_AIS_MESSAGES unfinished messages and rejects the ones it gives up', () => {
    const decoder = new AisLineDecoder();
    const given: unknown[] = [];
    for (let i = 0; i <= MAX_PENDING_AIS_MESSAGES; i++) {
      given.push(
        ...decoder.decode(sentence(`AIVDM,2,1,${i % 10},${i < 130 ? 'A' : 'B'},${'5'.repeat(10)}${i},0`), 0),
      );
    }
    expect(given.filter((r) => (r as { kind: string }).kind === 'rejected').length).toBeGreaterThan(0);
    expect(decoder.flush().length).toBeLessThanOrEqual(MAX_PENDING_AIS_MESSAGES);
  });

  it('rejects a bad checksum and says what it should be', () => {
    const [result] = new AisLineDecoder().decode(TYPE_1.replace('*41', '*42'), 0);
    expect(result).toMatchObject({
      kind: 'rejected',
      reason: 'checksum',
      detail: expect.stringMatching(/sums to 41/),
    });
  });

  it('takes the time from a tag block, else a USCG trailer, else the caller', () => {
    const decoder = new AisLineDecoder();
    const tagged = decoder.decode(`\\s:r1,c:1700000000*00\\${TYPE_1}`, 5);
    const trailed = decoder.decode(`${TYPE_1},b003669794,1272412827`, 5);
    expect(tagged[0]).toMatchObject({ report: { reportedAtMs: 1_700_000_000_000 } });
    expect(trailed[0]).toMatchObject({ report: { reportedAtMs: 1_272_412_827_000 } });
  });

  it('reads other talkers (BS, AB) and VDO', () => {
    const body = TYPE_1.slice(1, TYPE_1.indexOf('*')).replace('AIVDM', 'BSVDO');
    expect(new AisLineDecoder().decode(sentence(body), 0)[0]).toMatchObject({ kind: 'position' });
  });

  it('counts well-formed messages without positions as ignored, by type', () => {
    const [result] = new AisLineDecoder().decode('!AIVDM,1,1,,B,402=481uaUcf;OQ55JS9ITi025Jp,0*2B', 0);
    expect(result).toEqual({ kind: 'ignored', what: 'ais-type-4' });
  });
});
