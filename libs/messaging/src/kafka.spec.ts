import {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  type Admin,
  type ITopicMetadata,
} from 'kafkajs';
import { describeKafkaError, ensureTopics, isTransientKafkaError } from './kafka';

const protocolError = (type: string, code: number, message: string, retriable = true) =>
  new KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable }));
const unknownTopic = () =>
  protocolError('UNKNOWN_TOPIC_OR_PARTITION', 3, 'This server does not host this topic-partition');
const leaderNotAvailable = () =>
  protocolError(
    'LEADER_NOT_AVAILABLE',
    5,
    'There is no leader for this topic-partition as we are in the middle of a leadership election',
  );

/**
 * A broker created a moment ago, as kafkajs sees it: the controller has created the topics, but the
 * broker's metadata lags behind for a few requests (UNKNOWN_TOPIC_OR_PARTITION), then the partitions are
 * leaderless for a moment. kafkajs's createTopics with `waitForLeaders: true` retries only
 * LEADER_NOT_AVAILABLE while it waits, so on such a broker it fails with the metadata error.
 */
function freshBroker(
  options: { existing?: string[]; unknownFor?: number; leaderlessFor?: number; createdBySibling?: boolean } = {},
) {
  const topics = new Set(options.existing ?? []);
  let unknownFor = options.unknownFor ?? 2;
  let leaderlessFor = options.leaderlessFor ?? 1;
  const calls = { createTopics: [] as { waitForLeaders?: boolean; topics: string[] }[], fetchTopicMetadata: 0 };
  const metadata = (names: string[]): { topics: ITopicMetadata[] } => {
    calls.fetchTopicMetadata++;
    if (unknownFor > 0) {
      unknownFor--;
      throw unknownTopic();
    }
    const leader = leaderlessFor-- > 0 ? -1 : 1;
    return {
      topics: names
        .filter((n) => topics.has(n))
        .map((name) => ({
          name,
          partitions: [0, 1, 2].map((partitionId) => ({
            partitionId,
            leader,
            replicas: [1],
            isr: [1],
            partitionErrorCode: 0,
            offlineReplicas: [],
          })),
        })),
    };
  };
  const admin = {
    listTopics: async () => [...topics],
    createTopics: async ({
      waitForLeaders = true,
      topics: wanted,
    }: {
      waitForLeaders?: boolean;
      topics: { topic: string }[];
    }) => {
      calls.createTopics.push({ waitForLeaders, topics: wanted.map((t) => t.topic) });
      if (options.createdBySibling) {
        // kafkajs turns an all-TOPIC_ALREADY_EXISTS answer into `false`
        wanted.forEach((t) => topics.add(t.topic));
        return false;
      }
      wanted.forEach((t) => topics.add(t.topic));
      if (waitForLeaders) metadata(wanted.map((t) => t.topic)); // kafkajs: retryOnLeaderNotAvailable(() => broker.metadata(topics)) — only LEADER_NOT_AVAILABLE is retried
      return true;
    },
    fetchTopicMetadata: async ({ topics: names }: { topics: string[] }) => metadata(names),
  };
  return { admin: admin as unknown as Admin, calls };
}

describe('ensureTopics on a broker that has just been created', () => {
  it('creates the missing topics and waits through "This server does not host this topic-partition" until every partition has a leader', async () => {
    const { admin, calls } = freshBroker({ existing: ['notice.opened'], unknownFor: 3, leaderlessFor: 2 });
    await expect(ensureTopics(admin, ['notice.opened', 'objection.filed', 'household.registered'], 3)).resolves.toEqual(
      ['objection.filed', 'household.registered'],
    );
    expect(calls.createTopics).toEqual([
      { waitForLeaders: false, topics: ['objection.filed', 'household.registered'] },
    ]);
    expect(calls.fetchTopicMetadata).toBe(6); // 3 × unknown, 2 × leaderless, then ready
  });

  it('is content when a sibling service created the same topics a moment before (TOPIC_ALREADY_EXISTS), and still waits for their leaders', async () => {
    const { admin, calls } = freshBroker({ createdBySibling: true, unknownFor: 1, leaderlessFor: 1 });
    await expect(ensureTopics(admin, ['claim.settled'], 3)).resolves.toEqual(['claim.settled']);
    expect(calls.fetchTopicMetadata).toBe(3);
  });

  it('waits for topics a sibling created that listTopics already shows but whose metadata is not there yet', async () => {
    const { admin, calls } = freshBroker({ existing: ['claim.settled'], unknownFor: 2, leaderlessFor: 0 });
    await expect(ensureTopics(admin, ['claim.settled'], 3)).resolves.toEqual([]);
    expect(calls.createTopics).toEqual([]);
  });

  it('gives up after its timeout, naming the last reason, as an error a caller may retry', async () => {
    const { admin } = freshBroker({ unknownFor: 1000 });
    const failure = ensureTopics(admin, ['claim.settled'], 3, { timeoutMs: 600 });
    await expect(failure).rejects.toThrow(
      /Kafka topics not ready after 600 ms: This server does not host this topic-partition \(UNKNOWN_TOPIC_OR_PARTITION\)/,
    );
    expect(isTransientKafkaError(await failure.catch((e: unknown) => e))).toBe(true);
  });

  it('stops waiting when its signal aborts', async () => {
    const { admin } = freshBroker({ unknownFor: 1000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await expect(ensureTopics(admin, ['claim.settled'], 3, { signal: controller.signal })).rejects.toThrow(
      /gave up waiting for Kafka topic leaders/,
    );
  });
});

describe('Kafka errors at start', () => {
  it('a broker starting or electing leaders, or not listening yet, passes by itself', () => {
    expect(isTransientKafkaError(unknownTopic())).toBe(true);
    expect(isTransientKafkaError(leaderNotAvailable())).toBe(true);
    expect(
      isTransientKafkaError(
        protocolError('GROUP_COORDINATOR_NOT_AVAILABLE', 15, 'The group coordinator is not available'),
      ),
    ).toBe(true);
    // kafkajs wraps the last failure of its own retries
    const connectionRefused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:39092');
    expect(
      isTransientKafkaError(new KafkaJSNumberOfRetriesExceeded(connectionRefused, { retryCount: 5, retryTime: 3200 })),
    ).toBe(true);
    expect(isTransientKafkaError(new KafkaJSAggregateError('Topic creation errors', [leaderNotAvailable()]))).toBe(
      true,
    );
  });

  it('what stays wrong until someone changes it does not', () => {
    expect(
      isTransientKafkaError(
        protocolError(
          'TOPIC_AUTHORIZATION_FAILED',
          29,
          'Not authorized to access topics: [Topic authorization failed.]',
          false,
        ),
      ),
    ).toBe(false);
    expect(
      isTransientKafkaError(
        new KafkaJSAggregateError('Topic creation errors', [
          protocolError(
            'INVALID_TOPIC_EXCEPTION',
            17,
            'The request attempted to perform an operation on an invalid topic.',
            false,
          ),
        ]),
      ),
    ).toBe(false);
    expect(isTransientKafkaError(new Error('something else'))).toBe(false);
  });

  it('describes the innermost cause with its protocol type for the log', () => {
    const wrapped = new KafkaJSNumberOfRetriesExceeded(unknownTopic(), { retryCount: 5, retryTime: 3200 });
    expect(describeKafkaError(wrapped)).toBe(
      'This server does not host this topic-partition (UNKNOWN_TOPIC_OR_PARTITION)',
    );
    expect(describeKafkaError(new KafkaJSAggregateError('Topic creation errors', [leaderNotAvailable()]))).toMatch(
      /^Topic creation errors: There is no leader .* \(LEADER_NOT_AVAILABLE\)$/,
    );
  });
});
