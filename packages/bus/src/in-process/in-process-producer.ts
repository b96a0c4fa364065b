import { VesselWatchError } from '@vesselwatch/domain';
import type { OutgoingMessage, Producer, SentRecord } from '../bus';
import type { InProcessPartitionLog } from './partition-log';

/** Appends to the in-process log; a send is acknowledged as soon as it is appended (there are no replicas). */
export class InProcessProducer implements Producer {
  private closed = false;

  constructor(
    private readonly log: InProcessPartitionLog,
    private readonly onClosed: (producer: InProcessProducer) => void,
  ) {}

  async send(topic: string, messages: OutgoingMessage[]): Promise<SentRecord[]> {
    if (this.closed) {
      throw new VesselWatchError('VW_ERR_BUS_CLOSED', {
        detail: `send to "${topic}" on a closed producer`,
        details: { topic },
      });
    }
    return this.log.append(topic, messages, Date.now());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.onClosed(this);
  }
}
