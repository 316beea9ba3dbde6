import { prepareText } from '../../../src/match/normalise';
import { symptomText } from '../../../src/match/symptom-text';

const read = (text: string) => symptomText(prepareText(text).lines);

describe('symptomText', () => {
  // A stack frame's package names are where the code ran, not what went wrong: "android" and
  // "service" from `info.mqtt.android.service` once ranked a DNS symptom above "not connected".
  it.each([
    [
      'Java and Kotlin',
      'java.lang.Throwable: not connected at info.mqtt.android.service.MqttAndroidClient.simpleAction(MqttAndroidClient.kt:997)',
      ['android', 'simpleaction', 'kt'],
    ],
    [
      'JavaScript',
      "Error: Hostname/IP does not match certificate's altnames\n    at Object.checkServerIdentity (tls.js:297:12)\n    at async TLSSocket.onConnectSecure (node:_tls_wrap:1507:27)",
      ['checkserveridentity', 'onconnectsecure'],
    ],
    [
      'Python',
      'Traceback (most recent call last):\n  File "/usr/local/lib/python3.10/socket.py", line 833, in create_connection\nConnectionRefusedError: [Errno 111] Connection refused',
      ['python3', 'create_connection', 'usr'],
    ],
    [
      'Go',
      'panic: Not Authorised\ngoroutine 1 [running]:\ngithub.com/c3re/can2mqtt.mqttStart(0x29fa8a)\n\t/home/pi/go/src/github.com/c3re/can2mqtt/mqtthandling.go:22 +0x35c',
      ['goroutine', 'running', 'mqtthandling', 'home'],
    ],
  ])('leaves out %s stack frames and file paths, and keeps the error', (_, text, gone) => {
    const words = read(text);
    for (const w of gone) expect(words).not.toMatch(new RegExp(`\\b${w}\\b`));
    expect(words).toMatch(/not connected|altnames|connection refused|not authori[sz]ed/);
  });

  it('keeps words that only look like frames or paths: "at home (again)", a topic, a config file', () => {
    const words = read(
      'the sensor at home (again) stops publishing to /home/garden/temp and on/off since I edited /etc/mosquitto/mosquitto.conf',
    );
    expect(words).toMatch(/\/etc\/mosquitto\/mosquitto\.conf/);
    expect(words).toMatch(/at home \(again\)/);
    expect(words).toMatch(/home\/garden\/temp/);
    expect(words).toMatch(/on\/off/);
  });
});

describe('symptomText, where prose looks like a frame', () => {
  // "at <name> (<host>:<port>)" is how people say where a connection failed, not a stack frame:
  // the host and port are words of the symptom ("localhost" inside a container).
  it.each([
    'Connection refused at localhost (127.0.0.1:1883) from inside the docker container',
    'timeout at broker.hivemq.com (broker.hivemq.com:8883)',
    'lost connection at home (192.168.1.5:1883)',
  ])('keeps "%s"', (text) => {
    expect(read(text)).toContain(text.toLowerCase().split(' at ')[1]!.split(')')[0]);
  });

  // A long trace's frames came last and filled the window the ranking reads; stripped after the
  // cut, they left nothing of the message above them.
  it('reads the message above a stack trace longer than its window', () => {
    const frames = Array.from(
      { length: 80 },
      (_, i) =>
        `\tat org.eclipse.paho.client.mqttv3.internal.ClientComms.connect${i}(ClientComms.java:${100 + i})`,
    );
    const words = read(['MqttSecurityException: Bad user name or password', ...frames].join('\n'));
    expect(words).toContain('bad user name or password');
    expect(words).not.toContain('clientcomms');
  });
});
