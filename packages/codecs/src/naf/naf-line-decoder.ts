import type { Decoded } from '../decoded';
import type { LineDecoder } from '../line-decoder';
import { decodeNafLine } from './naf-decoder';

/** NAF streams and files: one record per line, no state across lines. */
export class NafLineDecoder implements LineDecoder {
  decode(line: string): Decoded[] {
    return [decodeNafLine(line)];
  }

  flush(): Decoded[] {
    return [];
  }
}
