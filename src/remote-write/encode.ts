// Remote write 1.0's wire format: a prometheus.WriteRequest protobuf (prompb/remote.proto, types.proto), compressed
// with snappy's block format. The schema is the part of prompb that remote write 1.0 sends; protobufjs encodes it.
import protobuf from 'protobufjs';
import snappy from 'snappyjs';

const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});

export const WriteRequest = root.lookupType('prometheus.WriteRequest');

export interface WireSeries {
  /** Sorted by name, `__name__` among them, no empty values: what the receiver requires. */
  readonly labels: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly samples: ReadonlyArray<{ readonly value: number; readonly timestamp: number }>;
}

/**
 * One WriteRequest's bytes, uncompressed. Encoded WriteRequests concatenate into one valid WriteRequest (field 1 is
 * repeated), which is how the queue joins records into a batch without decoding them.
 */
export function encodeSeries(series: readonly WireSeries[]): Uint8Array {
  return WriteRequest.encode(WriteRequest.fromObject({ timeseries: series })).finish();
}

export function decodeWriteRequest(bytes: Uint8Array): WireSeries[] {
  const message = WriteRequest.toObject(WriteRequest.decode(bytes), { longs: Number, defaults: true });
  return (message as { timeseries?: WireSeries[] }).timeseries ?? [];
}

export function compress(bytes: Uint8Array): Buffer {
  return Buffer.from(snappy.compress(bytes));
}

export function uncompress(bytes: Uint8Array): Buffer {
  return Buffer.from(snappy.uncompress(bytes));
}
