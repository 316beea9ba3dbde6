// An aedes MQTT 3.1.1 broker that refuses every CONNECT with the return code given as argv[2]
// (0 accepts). Runs in its own process because aedes is ESM-only; reports its port over IPC.
import { createServer } from 'net';
import { Aedes } from 'aedes';

const returnCode = Number(process.argv[2] ?? 0);
const broker = await Aedes.createBroker();
broker.authenticate = (_client, _username, _password, callback) => {
  if (returnCode === 0) return callback(null, true);
  const error = new Error('refused by test broker');
  error.returnCode = returnCode;
  callback(error, null);
};
const server = createServer(broker.handle);
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('SIGTERM', () => {
  server.close();
  broker.close(() => process.exit(0));
});
