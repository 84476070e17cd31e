import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { withoutSdkLogging } from "../../core/aws/sdk-logging.js";

export interface StreamPollerOptions {
  streamArn: string;
  /** file remembering the last sequence number handled per shard */
  checkpointFile: string;
  handler: (event: DynamoDBStreamEvent) => Promise<void>;
  log: (msg: string, extra?: Record<string, unknown>) => void;
  intervalMs?: number;
}

interface ShardState {
  iterator?: string;
  closed: boolean;
}

/**
 * Plays Lambda's DynamoDB Streams event source mapping locally: reads every
 * shard in order, hands batches to the relay handler as a real
 * DynamoDBStreamEvent, and checkpoints only after the handler succeeded, so
 * a crash replays the unfinished batch instead of losing it.
 */
export class StreamPoller {
  // DynamoDB Streams' part on AWS: no SDK logger middleware copying every record read (core/aws/sdk-logging.ts)
  private readonly client = withoutSdkLogging(new DynamoDBStreamsClient({}));
  private readonly shards = new Map<string, ShardState>();
  private checkpoints: Record<string, string>;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly o: StreamPollerOptions) {
    this.checkpoints = this.readCheckpoints();
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    let lastDiscovery = 0;
    while (this.running) {
      try {
        if (Date.now() - lastDiscovery > 2000 || this.shards.size === 0) {
          await this.discoverShards();
          lastDiscovery = Date.now();
        }
        let busy = false;
        for (const [shardId, state] of this.shards) {
          if (!this.running) break;
          if (state.closed) continue;
          busy = (await this.pollShard(shardId, state)) || busy;
        }
        if (!busy) await new Promise((r) => setTimeout(r, this.o.intervalMs ?? 100));
      } catch (e) {
        if (!this.running) return;
        this.o.log("stream poll failed", { error: (e as Error).message });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async discoverShards(): Promise<void> {
    let start: string | undefined;
    const all: Shard[] = [];
    do {
      const out = await this.client.send(new DescribeStreamCommand({ StreamArn: this.o.streamArn, ExclusiveStartShardId: start }));
      all.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    for (const s of all) {
      const id = s.ShardId as string;
      if (!this.shards.has(id)) this.shards.set(id, { closed: false });
    }
  }

  /** Returns true when records were handled (poll again at once). */
  private async pollShard(shardId: string, state: ShardState): Promise<boolean> {
    if (!state.iterator) {
      const after = this.checkpoints[shardId];
      const it = await this.client.send(
        new GetShardIteratorCommand({
          StreamArn: this.o.streamArn,
          ShardId: shardId,
          ShardIteratorType: after ? "AFTER_SEQUENCE_NUMBER" : "TRIM_HORIZON",
          ...(after ? { SequenceNumber: after } : {}),
        }),
      );
      state.iterator = it.ShardIterator;
      if (!state.iterator) {
        state.closed = true;
        return false;
      }
    }
    let out: GetRecordsCommandOutput;
    try {
      out = await this.client.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 100 }));
    } catch (e) {
      // DynamoDB Local invalidates an iterator taken on an empty shard once
      // other tables are written; iterators also expire. A fresh one from
      // the checkpoint loses nothing.
      const name = (e as Error).name;
      if (name === "TrimmedDataAccessException" || name === "ExpiredIteratorException") {
        state.iterator = undefined;
        return false;
      }
      throw e;
    }
    const records = out.Records ?? [];
    if (records.length > 0) {
      // Throws on failure: the iterator is not advanced and the batch comes again.
      await this.o.handler(this.toEvent(records));
      this.checkpoints[shardId] = records[records.length - 1]?.dynamodb?.SequenceNumber as string;
      this.writeCheckpoints();
    }
    if (out.NextShardIterator) state.iterator = out.NextShardIterator;
    else state.closed = true;
    return records.length > 0;
  }

  private toEvent(records: _Record[]): DynamoDBStreamEvent {
    return {
      Records: records.map((r) => ({
        eventID: r.eventID,
        eventName: r.eventName,
        eventVersion: r.eventVersion,
        eventSource: "aws:dynamodb",
        awsRegion: r.awsRegion ?? process.env.AWS_REGION ?? "us-east-1",
        eventSourceARN: this.o.streamArn,
        dynamodb: {
          Keys: r.dynamodb?.Keys,
          NewImage: r.dynamodb?.NewImage,
          OldImage: r.dynamodb?.OldImage,
          SequenceNumber: r.dynamodb?.SequenceNumber,
          SizeBytes: r.dynamodb?.SizeBytes,
          StreamViewType: r.dynamodb?.StreamViewType,
          ApproximateCreationDateTime: r.dynamodb?.ApproximateCreationDateTime
            ? Math.floor(new Date(r.dynamodb.ApproximateCreationDateTime).getTime() / 1000)
            : undefined,
        },
      })) as DynamoDBStreamEvent["Records"],
    };
  }

  private readCheckpoints(): Record<string, string> {
    if (!existsSync(this.o.checkpointFile)) return {};
    const all = JSON.parse(readFileSync(this.o.checkpointFile, "utf8")) as Record<string, Record<string, string>>;
    return all[this.o.streamArn] ?? {};
  }

  private writeCheckpoints(): void {
    mkdirSync(dirname(this.o.checkpointFile), { recursive: true });
    const tmp = `${this.o.checkpointFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ [this.o.streamArn]: this.checkpoints }));
    renameSync(tmp, this.o.checkpointFile);
  }
}
