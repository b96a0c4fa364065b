import { describeBusContract } from '../bus.contract';
import { InProcessBus } from './in-process-bus';

describeBusContract('InProcessBus', () => new InProcessBus(), { waitTimeoutMs: 5_000 });
