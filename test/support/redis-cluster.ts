import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisNode } from '../../src/redis/connect.js';
import { freePort, waitForRedis } from './redis-server.js';

/** A Redis Cluster of one's own: its masters, each a redis-server on a free port, none replicated. */
export interface RedisClusterServer {
  /** Every master, as REDIS_CLUSTER_NODES lists them. */
  nodes: RedisNode[];
  /** Stops one node (by its port), as a crash would; resolves once its process has exited. */
  stopNode(port: number): Promise<void>;
  /** Stops every node and removes their directory; resolves once every process has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `masters` redis-servers with cluster mode on (each with its client port and its cluster bus
 * port chosen free: the default bus port, client port + 10000, may be taken or past 65535), joins
 * them with `redis-cli --cluster create`, and resolves once every node says cluster_state:ok, so a
 * client's first command finds every slot served.
 */
export async function redisCluster({ masters = 3, nodeTimeoutMs }: { masters?: number; nodeTimeoutMs?: number } = {}): Promise<RedisClusterServer> {
  const dir = await mkdtemp(join(tmpdir(), 'redis-cluster-'));
  const children: ChildProcess[] = [];
  const kill = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const cluster: RedisClusterServer = {
    nodes: [],
    async stopNode(port) {
      const at = cluster.nodes.findIndex((node) => node.port === port);
      if (at < 0) throw new Error(`expected the port of a node (${cluster.nodes.map((n) => n.port).join(', ')}), got ${port}`);
      await kill(children[at]!);
    },
    async stop() {
      await Promise.all(children.map(kill));
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < masters; i += 1) {
      const [port, busPort] = [await freePort(), await freePort()];
      const settings: [string, string][] = [
        ['port', String(port)],
        ['cluster-port', String(busPort)],
        ['bind', '127.0.0.1'],
        ['cluster-enabled', 'yes'],
        ['cluster-config-file', `nodes-${port}.conf`],
        ['dir', dir],
        ['save', ''],
        ['appendonly', 'no'],
        // How long a node may be silent before the others call it failed (Redis's default: 15 s).
        ...(nodeTimeoutMs === undefined ? [] : [['cluster-node-timeout', String(nodeTimeoutMs)] as [string, string]]),
      ];
      const args = settings.flatMap(([name, value]) => [`--${name}`, value]);
      const child = spawn('redis-server', args, { stdio: 'ignore' });
      children.push(child);
      const failed = new Promise<never>((_, reject) => child.once('error', reject));
      await Promise.race([waitForRedis(`redis://127.0.0.1:${port}`), failed]);
      cluster.nodes.push({ host: '127.0.0.1', port });
    }
    const addresses = cluster.nodes.map(({ host, port }) => `${host}:${port}`);
    await promisify(execFile)('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    await Promise.all(cluster.nodes.map((node) => clusterStateOk(node)));
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw new Error(`could not start a Redis Cluster of ${masters} masters: ${(error as Error).message}`, { cause: error });
  }
}

/** Resolves once `node` answers CLUSTER INFO with cluster_state:ok; rejects after `withinMs`. */
async function clusterStateOk(node: RedisNode, withinMs = 10_000): Promise<void> {
  const redis = new Redis({ ...node, maxRetriesPerRequest: 0 });
  try {
    const deadline = Date.now() + withinMs;
    let info = '';
    while (Date.now() < deadline) {
      info = await redis.cluster('INFO');
      if (/^cluster_state:ok\r?$/m.test(info)) return;
      // The state is polled: a node announces no change of it.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${node.host}:${node.port} did not reach cluster_state:ok within ${withinMs} ms: ${info.split(/\r?\n/, 1)[0]}`);
  } finally {
    redis.disconnect();
  }
}
