import { extractCodes } from '../../../src/match/codes';

const values = (line: string): number[] => extractCodes(line, false).map((m) => m.value);

describe('extractCodes', () => {
  it('never reads a zero (success) in any spelling, and reads the code after one', () => {
    for (const zero of ['rc0', 'rc=0', 'rc = 00', 'reason code: 0', 'return code -0', 'state 0'])
      expect(values(`sending puback to s1 (m1, ${zero})`)).toEqual([]);
    expect(values('connack rc=0 then rc=5 on retry')).toEqual([5]);
  });

  it("reads no process's exit status as an MQTT code", () => {
    expect(values('zigbee2mqtt-1 exited with code 1')).toEqual([]);
    expect(values('mosquitto.service: main process exited, code=exited, status=1/failure')).toEqual(
      [],
    );
    expect(values('process finished with exit code 5')).toEqual([]);
    // The words alone do not hide a code that is one.
    expect(values('connection failed with code 5')).toEqual([5]);
    expect(values('connack status=5')).toEqual([5]);
  });

  it("reads no state machine's transition as a code, and keeps a code with a note after it", () => {
    // The ESP8266 SDK's Wi-Fi debug output, pasted above a MicroPython traceback.
    expect(values('state: 3 -> 5 (10)')).toEqual([]);
    expect(values('state: 2 -> 3 (0)')).toEqual([]);
    expect(values('rc=5 -> not authorised')).toEqual([5]);
    expect(values('reason code -> 135')).toEqual([135]);
  });

  it('reads a code that starts with a zero, or holds one, as its value', () => {
    expect(values('rc=05')).toEqual([5]);
    expect(values('reason code 0x87 (rc=135)')).toEqual([0x87, 135]);
    expect(values('return code 10')).toEqual([10]);
  });

  it('reads a QoS written in hex as a QoS, not as a reason code', () => {
    expect(values('publish with qos = atleastonce(0x01) or exactlyonce(0x02)')).toEqual([]);
    expect(values('subscribe qos: 0x02')).toEqual([]);
    expect(values('mqttqualityofservicelevel.exactly_once (0x02)')).toEqual([]);
    expect(values('with qos = atleaseonce(0x01)')).toEqual([]);
    // A nonce is no QoS.
    expect(values('connack nonce 0x01')).toEqual([1]);
    expect(values('qos 1, then suback 0x80')).toEqual([0x80]);
    // SUBACK's failure after "granted QoS" is a code.
    expect(values('suback granted qos 0x80')).toEqual([0x80]);
  });
});
