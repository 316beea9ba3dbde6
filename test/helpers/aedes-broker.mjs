// An aedes MQTT 3.1.1 broker in its own process (aedes is ESM-only); reports its port over IPC.
// argv[2]: the CONNACK return code for every CONNECT (0 accepts).
// argv[3]: optional half-dead behaviour after CONNACK:
//   silent-subscribe  never answers SUBSCRIBE (no SUBACK)
//   silent-publish    never answers PUBLISH (no PUBACK, nothing delivered)
import { createServer } from 'net';
import { setTimeout } from 'timers';
import { Aedes } from 'aedes';

const returnCode = Number(process.argv[2] ?? 0);
const mode = process.argv[3] ?? 'normal';
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
const server = createServer(broker.handle);
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('SIGTERM', () => {
  server.close();
  broker.close(() => process.exit(0));
  // Connections held open by a silent broker must not keep the helper alive.
  setTimeout(() => process.exit(0), 500).unref();
});
