/** The probe over MQTT over WebSocket: the address DNS gave, the name kept in the Host header. */
import { names, probe, target } from '../../helpers/probe-direct';
import { startAedes } from '../../helpers/brokers';

describe('MQTT over WebSocket', () => {
  it('connects to the address DNS gave, keeping the name in the Host header', async () => {
    const broker = await startAedes(0, 'ws');
    try {
      const r = await probe(target(`ws://localhost:${broker.port}/mqtt`, { protocol: '3.1.1' }));
      expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'roundtrip:ok']);
      expect(await broker.log()).toContain(`upgrade Host: localhost:${broker.port}`);
    } finally {
      await broker.stop();
    }
  });
});
