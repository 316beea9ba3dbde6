import { keyPrefixFor, parseRedisUrl } from '../../../src/state/redis-url';

const target = (url: string) => {
  const r = parseRedisUrl(url);
  if (!r.ok) throw new Error(r.message);
  return r.target;
};
const problem = (url: string) => {
  const r = parseRedisUrl(url);
  return r.ok ? null : r.message;
};

describe('REDIS_URL', () => {
  it('leaves one-server URLs to ioredis as they are', () => {
    expect(target('redis://127.0.0.1:6379')).toEqual({
      kind: 'single',
      url: 'redis://127.0.0.1:6379',
    });
    expect(target('rediss://u:p@cache.internal:6380/2')).toEqual({
      kind: 'single',
      url: 'rediss://u:p@cache.internal:6380/2',
    });
  });

  it('reads a Sentinel URL: sentinels, primary name, database, credentials for each', () => {
    expect(
      target(
        'redis+sentinel://app:p%40ss@10.0.0.1:26379,sentinel-2.internal:26380/mymaster/3?sentinelPassword=s3nt',
      ),
    ).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: 'sentinel-2.internal', port: 26380 },
      ],
      name: 'mymaster',
      db: 3,
      username: 'app',
      password: 'p@ss',
      sentinelPassword: 's3nt',
      tls: false,
    });
    expect(target('rediss+sentinel://:pw@[::1]:26379/cache')).toMatchObject({
      sentinels: [{ host: '::1', port: 26379 }],
      name: 'cache',
      db: 0,
      password: 'pw',
      tls: true,
    });
  });

  it('reads a Cluster URL with its seed nodes', () => {
    expect(target('redis+cluster://10.0.0.1:7000,10.0.0.2:7001')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
      tls: false,
    });
  });

  it('says what is wrong with a URL it cannot use', () => {
    expect(problem('localhost:6379')).toMatch(/is not a Redis URL: it must look like/);
    expect(problem('redis+sentinel://10.0.0.1:26379')).toMatch(/names the primary/);
    expect(problem('redis+sentinel://10.0.0.1:26379/mymaster/x')).toMatch(/names the primary/);
    expect(problem('redis+cluster://10.0.0.1,10.0.0.2:7001')).toMatch(/host:port/);
    expect(problem('redis+cluster://10.0.0.1:99999')).toMatch(/host:port/);
    expect(problem('redis+cluster://10.0.0.1:7000/0')).toMatch(/no database/);
    expect(problem('redis+cluster://u:%E0%A4%A@10.0.0.1:7000')).toMatch(/malformed/);
    expect(problem('redis://host :6379')).toMatch(/is not a Redis URL: it must look like/);
  });

  it('turns the key prefix into a hash tag in a cluster, so a deployment keeps to one slot', () => {
    expect(keyPrefixFor(target('redis+cluster://h:7000'), 'mqtt-why:')).toBe('{mqtt-why:}');
    expect(keyPrefixFor(target('redis+cluster://h:7000'), '{prod}:mqtt-why:')).toBe(
      '{prod}:mqtt-why:',
    );
    expect(keyPrefixFor(target('redis://h:6379'), 'mqtt-why:')).toBe('mqtt-why:');
  });
});
