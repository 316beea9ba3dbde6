import { BrokersFile } from '../../../src/probe/brokers';
import { TestBot, startTestBot } from '../../helpers/bot-harness';
import { brokerConfig } from '../../helpers/broker-config';
import { RunningBroker, freePort, startMosquitto } from '../../helpers/brokers';
import { Upload } from '../../helpers/fake-slack';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('pictures in Slack', () => {
  let broker: RunningBroker;
  let port: number;
  let t: TestBot;
  const waitUpload = async (pred: (u: Upload) => boolean): Promise<Upload> => {
    await t.fake.waitFor(() => t.fake.completedUploads().some(pred), 10_000);
    return t.fake.completedUploads().find(pred)!;
  };

  beforeAll(async () => {
    port = await freePort();
    broker = await startMosquitto(['allow_anonymous true'], {}, port);
    const brokers: BrokersFile = {
      brokers: [
        brokerConfig('plant', port, {
          health: {
            everyMs: 300,
            channel: 'CALERT',
            failAfter: 2,
            recoverAfter: 2,
            steps: ['dns', 'tcp', 'connect'],
            latencyMs: null,
            certDays: 14,
          },
        }),
      ],
      allowHosts: [],
    };
    t = await startTestBot(
      { PROBE_TIMEOUT_MS: '1000', WEB_URL: 'https://why.example.com' },
      { brokers },
    );
  });
  afterAll(async () => {
    await t.stop();
    await broker.stop().catch(() => undefined);
  });

  it('a DOWN alert carries the latency and uptime chart, uploaded with files.uploadV2 into its thread', async () => {
    // A few good checks first, so the chart has a line before the outage.
    await new Promise((r) => setTimeout(r, 1500));
    await broker.stop();
    await t.fake.waitFor(
      () =>
        t.fake
          .callsTo('chat.postMessage')
          .some((c) => c.args.channel === 'CALERT' && String(c.args.text).includes('is DOWN')),
      10_000,
    );
    const alert = t.fake
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'CALERT' && String(c.args.text).includes('is DOWN'))!;
    const upload = await waitUpload((u) => u.channel === 'CALERT');
    expect(upload.threadTs).toBe((alert.response as { ts: string }).ts);
    expect(upload.bytes.subarray(0, 8).equals(PNG)).toBe(true);
    expect(pngSize(upload.bytes)).toEqual({ width: 1600, height: 696 });
    expect(upload.filename).toBe('plant-status.png');
    expect(t.fake.callsTo('files.getUploadURLExternal')[0]!.args).toMatchObject({
      filename: 'plant-status.png',
    });
  });

  it('/mqtt-why status <name> answers with the status lines and its page, and puts the chart in the channel', async () => {
    const before = t.fake.completedUploads().length;
    await t.command('status plant', { channel: 'C7' });
    await t.fake.waitFor(() => t.fake.callsTo('response_url').length > 0);
    const reply = JSON.stringify(t.fake.callsTo('response_url').at(-1)!.args);
    expect(reply).toContain('plant: DOWN');
    expect(reply).toContain('<https://why.example.com/status/plant|Status page>');
    const upload = await waitUpload((u) => u.channel === 'C7');
    expect(upload.threadTs).toBeNull();
    expect(t.fake.completedUploads().length).toBe(before + 1);
    expect(pngSize(upload.bytes).width).toBe(1600);
  });

  it('@mqtt-why status <name> in a thread puts the chart in that thread', async () => {
    await t.event({
      type: 'app_mention',
      user: 'U1',
      text: '<@UBOT> status plant',
      channel: 'C8',
      ts: '1700000100.000100',
      thread_ts: '1700000000.000001',
    });
    const upload = await waitUpload((u) => u.channel === 'C8');
    expect(upload.threadTs).toBe('1700000000.000001');
  });
});
