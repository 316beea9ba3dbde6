// An aedes MQTT 3.1.1 broker in its own process (aedes is ESM-only); reports its port over IPC.
// argv[2]: the CONNACK return code for every CONNECT (0 accepts).
// argv[4]: optional port to listen on (default: any free port).
// argv[3]: optional half-dead behaviour after CONNACK ('normal' for none):
//   silent-subscribe  never answers SUBSCRIBE (no SUBACK)
//   silent-publish    never answers PUBLISH (no PUBACK, nothing delivered)
//   ws                MQTT over WebSocket on path /mqtt (any other path: HTTP 404), subprotocol mqtt
//   deny-subscribe    refuses every SUBSCRIBE (SUBACK 0x80)
import { createServer as createHttpServer } from 'http';
import { createServer } from 'net';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { setTimeout } from 'timers';
import { Aedes } from 'aedes';

const returnCode = Number(process.argv[2] ?? 0);
const mode = process.argv[3] ?? 'normal';
const port = Number(process.argv[4] ?? 0);
const broker = await Aedes.createBroker();
broker.authenticate = (_client, _username, _password, callback) => {
  if (returnCode === 0) return callback(null, true);
  const error = new Error('refused by test broker');
  error.returnCode = returnCode;
  callback(error, null);
};
// Never calling back leaves the packet unanswered: the broker stays connected and silent.
if (mode === 'silent-subscribe') broker.authorizeSubscribe = () => undefined;
if (mode === 'silent-publish') broker.authorizePublish = () => undefined;
if (mode === 'deny-subscribe')
  broker.authorizeSubscribe = (_client, _sub, callback) => callback(new Error('denied'));
let server;
if (mode === 'ws') {
  server = createHttpServer((_req, res) => res.writeHead(404).end('not found'));
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (p) => (p.has('mqtt') ? 'mqtt' : false),
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/mqtt') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    process.send({ upgradeHost: req.headers.host });
    wss.handleUpgrade(req, socket, head, (ws) => broker.handle(createWebSocketStream(ws)));
  });
} else server = createServer(broker.handle);
// A port that is taken throws from listen() as every Node.js broker does (EADDRINUSE), and exits.
server.listen(port, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('SIGTERM', () => {
  server.close();
  broker.close(() => process.exit(0));
  // Connections held open by a silent broker must not keep the helper alive.
  setTimeout(() => process.exit(0), 500).unref();
});
