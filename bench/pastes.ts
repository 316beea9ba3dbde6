/** Realistic inputs of the sizes the issue names: a code, a 20-line paste, a 500-line broker log. */

function brokerNoise(i: number): string {
  const t = 1700000000 + i;
  switch (i % 5) {
    case 0:
      return `${t}: New connection from 10.20.${i % 255}.${(i * 7) % 255}:${40000 + (i % 20000)} on port 1883.`;
    case 1:
      return `${t}: New client connected from 10.20.${i % 255}.${(i * 7) % 255}:${40000 + i} as sensor-${i} (p2, c1, k60, u'device').`;
    case 2:
      return `${t}: Received PUBLISH from sensor-${i} (d0, q1, r0, m${i}, 'plant/line${i % 9}/temp', ... (5 bytes))`;
    case 3:
      return `${t}: Sending PUBACK to sensor-${i} (m${i}, rc0)`;
    default:
      return `${t}: Client sensor-${i - 1} closed its connection.`;
  }
}

export const CODE = '0x87';

/** A one-line story with no error text: what the symptom ranking is for. */
export const STORY = 'my esp32 keeps disconnecting every 30 seconds when a second device connects';

export const PASTE_20 = [
  'ok here is what we get since this morning, any idea?',
  '```',
  ...Array.from(
    { length: 8 },
    (_, i) =>
      `2026-11-24T09:14:0${i}.123Z app:mqtt connecting to mqtts://broker.example.com:8883 (attempt ${i + 1})`,
  ),
  'Error: Connection refused: Not authorized',
  '    at MqttClient._handleConnack (/app/node_modules/mqtt/build/lib/client.js:1405:15)',
  '    at MqttClient._handlePacket (/app/node_modules/mqtt/build/lib/client.js:593:12)',
  '    at work (/app/node_modules/mqtt/build/lib/client.js:452:12)',
  '    at Writable.writable._write (/app/node_modules/mqtt/build/lib/client.js:466:5)',
  '    at doWrite (node:internal/streams/writable:590:12)',
  '    at writeOrBuffer (node:internal/streams/writable:572:5)',
  '```',
  'password is definitely right, we rotated it on friday',
  'thanks!',
].join('\n');

export const PASTE_500 = (() => {
  const lines = Array.from({ length: 500 }, (_, i) => brokerNoise(i));
  lines[377] = '1700000377: Client sensor-377 already connected, closing old connection.';
  return lines.join('\n');
})();

export const PASTE_5MB = (() => {
  const block = PASTE_500 + '\n';
  return block.repeat(Math.ceil((5 * 1024 * 1024) / block.length));
})();
