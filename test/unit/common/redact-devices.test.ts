import { redactSecrets } from '../../../src/common/redact';
import { SecretForm, itHidesEachForm } from '../../helpers/redaction-forms';

/**
 * Credentials that device firmware and device-cloud tools print with no key word in front, each
 * line rebuilt from the source named beside it with a made-up secret (an audit of SIMCom,
 * Quectel, Luat, ESP-AT and Nordic modems' MQTT AT commands, Blynk, Particle, Losant and Ubidots).
 */
const FORMS: SecretForm[] = [
  [
    'SIMCom SIM7000 AT+SMCONF="PASSWORD", echoed by the botletics FONA driver',
    '\t---> AT+SMCONF="PASSWORD","Xk9fQ2mzP7"',
    ['Xk9fQ2mzP7'],
  ],
  ['SIMCom AT+SMCONF unquoted', 'AT+SMCONF="PASSWORD",Psx9Kq2mLz', ['Psx9Kq2mLz']],
  [
    'SIMCom AT+SMCONF="USERNAME" (an access key)',
    'AT+SMCONF="USERNAME","acc3ssK3y77"',
    ['acc3ssK3y77'],
  ],
  [
    'SIMCom A76xx AT+CMQTTCONNECT (TinyGSM)',
    'AT+CMQTTCONNECT=0,"tcp://broker.example.com:1883",60,1,"devuser","Xk9fQ2mzP7"',
    ['Xk9fQ2mzP7'],
  ],
  [
    'Quectel AT+QMTCONN (OpenCPU RIL debug)',
    '<--Send AT:AT+QMTCONN=0,"dev001","devuser","Xk9fQ2mzP7"',
    ['Xk9fQ2mzP7'],
  ],
  [
    'Quectel AT+QMTCFG="ALIAUTH" device secret',
    '<--Send AT:AT+QMTCFG="ALIAUTH",0,"a1B2c3D4e5F","dev001","9f8e7d6c5b4a39281706f5e4d3c2b1a0"',
    ['9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
  ],
  ['Luat AT+MCONFIG quoted', 'AT+MCONFIG="dev001","devuser","Xk9fQ2mzP7"', ['Xk9fQ2mzP7']],
  [
    'Luat AT+MCONFIG unquoted (ThingsCloud tutorial)',
    'AT+MCONFIG=thingscloud,q8Zr4TfW2nXk,pk9Lm3Vb7Qs1',
    ['q8Zr4TfW2nXk', 'pk9Lm3Vb7Qs1'],
  ],
  [
    'ESP-AT AT+MQTTUSERCFG',
    'AT+MQTTUSERCFG=0,1,"dev001","devuser","Xk9fQ2mzP7",0,0,""',
    ['Xk9fQ2mzP7'],
  ],
  [
    'ESP-AT +MQTTUSERCFG: query answer',
    '+MQTTUSERCFG:0,1,"dev001","devuser","Xk9fQ2mzP7",0,0,""',
    ['Xk9fQ2mzP7'],
  ],
  ['ESP-AT AT+MQTTPASSWORD', 'AT+MQTTPASSWORD=0,"Xk9fQ2mzP7"', ['Xk9fQ2mzP7']],
  [
    'Nordic Serial LTE Modem AT#XMQTTCON',
    'AT#XMQTTCON=1,"dev001","devuser","Xk9fQ2mzP7","broker.example.com",1883',
    ['Xk9fQ2mzP7'],
  ],
  ['u-blox AT+UMQTT=4 (login)', 'AT+UMQTT=4,"devuser","Xk9fQ2mzP7"', ['Xk9fQ2mzP7']],
  [
    'particle token create: the token alone on the next line',
    'New access token expires on Sun Mar 07 2027\n    3f1a9c0d2b7e4f6a8c5d1e0b9a7f3c2d4e6b8a01',
    ['3f1a9c0d2b7e4f6a8c5d1e0b9a7f3c2d4e6b8a01'],
  ],
  [
    'particle token revoke warning',
    "WARNING: 3f1a9c0d2b7e4f6a8c5d1e0b9a7f3c2d4e6b8a01 is this CLI's access token",
    ['3f1a9c0d2b7e4f6a8c5d1e0b9a7f3c2d4e6b8a01'],
  ],
  [
    'particle login -t',
    'particle login -t 3f1a9c0d2b7e4f6a8c5d1e0b9a7f3c2d4e6b8a01',
    ['3f1a9c0d2b7e4f6a8c5d1e0b9a7f3c2d4e6b8a01'],
  ],
  [
    'Losant Arduino connectSecure(client, key, secret)',
    'device.connectSecure(wifiClient, "4f5e6d7c-1111-2222-3333-444455556666", "a3f1c9e07b2d4e5f6a7b8c9d0e1f2a3b");',
    ['a3f1c9e07b2d4e5f6a7b8c9d0e1f2a3b'],
  ],
  [
    'Losant Python Device(id, key, secret)',
    'device = Device("my-device-id", "4f5e6d7c-1111-2222-3333-444455556666", "a3f1c9e07b2d4e5f6a7b8c9d0e1f2a3b")',
    ['a3f1c9e07b2d4e5f6a7b8c9d0e1f2a3b'],
  ],
  [
    "Blynk's BLYNK_DEBUG dump of the login packet",
    '[5031] <[1D|00|01|00|20]Xq3vRk8sTn2LmP9wYb4Zc7Hd1Fg6Jk0A',
    ['Xq3vRk8sTn2LmP9wYb4Zc7Hd1Fg6Jk0A'],
  ],
  [
    "Blynk's login packet with its body on the next line",
    '[5031] <[1D|00|01|00|20]\n[5032] <Xq3vRk8sTn2LmP9wYb4Zc7Hd1Fg6Jk0A',
    ['Xq3vRk8sTn2LmP9wYb4Zc7Hd1Fg6Jk0A'],
  ],
  [
    'Blynk.Edgent "Blynk cloud:"',
    '[8121] Blynk cloud: Xq3vRk8sTn2LmP9wYb4Zc7Hd1Fg6Jk0A @ blynk.cloud:443',
    ['Xq3vRk8sTn2LmP9wYb4Zc7Hd1Fg6Jk0A'],
  ],
  [
    'Ubidots token as the MQTT user name (mosquitto_pub -u)',
    'mosquitto_pub -h industrial.api.ubidots.com -t /v1.6/devices/ws -u BBFF-Rfcgaxns6HlVb155WA0RhSY85xNDmB -P "" -m 1',
    ['BBFF-Rfcgaxns6HlVb155WA0RhSY85xNDmB'],
  ],
  [
    'Ubidots token as user name in MQTT.js options',
    "mqtt.connect('mqtt://things.ubidots.com', {username:'BBFF-Rfcgaxns6HlVb155WA0RhSY85xNDmB', password:\"\"})",
    ['BBFF-Rfcgaxns6HlVb155WA0RhSY85xNDmB'],
  ],
  // A second audit: Tuya, Arduino IoT Cloud, Azure IoT, Zigbee, Adafruit IO, ThingSpeak, Kaa,
  // Shelly, SonoffLAN and Node-RED, each read at its source.
  [
    'tinytuya 1.20 scan line, a local key with | and > in it',
    '    Address = 192.168.1.44   Device ID = ebd300c7530ef165c9p865 (len:22)  Local Key = Qk}JRELq%e2H~|+>  Version = 3.4',
    ['Qk}JRELq', '|+>'],
  ],
  [
    'tinytuya debug log "local key \'…\'"',
    "DEBUG:tinytuya:Status request returned an error, is version '3.3' and local key 'a1b2c3d4e5f6a7b8' correct?",
    ['a1b2c3d4e5f6a7b8'],
  ],
  [
    'tinytuya device repr local_key=',
    "OutletDevice( 'ebd3', address='192.168.1.44', local_key='a1b2c3d4e5f6a7b8', dev_type='default')",
    ['a1b2c3d4e5f6a7b8'],
  ],
  [
    'TuyaOpen trace secKey / localKey',
    '[03-05 14:53:35 ty T][tuya_iot.c:158] secKey: 3b1e8f0a2c4d6e7f\n[03-05 14:53:35 ty T][tuya_iot.c:159] localKey: 7a6b5c4d3e2f1a0b',
    ['3b1e8f0a2c4d6e7f', '7a6b5c4d3e2f1a0b'],
  ],
  [
    'TuyaOpen activation JSON',
    '[tuya_iot.c:140] readbuf {"devId":"6c1a","secKey":"3b1e8f0a2c4d6e7f","localKey":"7a6b5c4d3e2f1a0b"}',
    ['3b1e8f0a2c4d6e7f', '7a6b5c4d3e2f1a0b'],
  ],
  ['tinytuya wizard API Key=', 'API Key=pcu53w98pp7ddfhm34ew', ['pcu53w98pp7ddfhm34ew']],
  [
    'Arduino IoT Cloud arduino_secrets.h',
    '#define SECRET_DEVICE_KEY "Xq9#tL2vR8mZ!pW4bN6c"',
    ['Xq9#tL2vR8mZ!pW4bN6c'],
  ],
  [
    'arduino-cloud-cli template apply -n',
    'arduino-cloud-cli template apply -n SECRET_SSID=MyWiFi,SECRET_DEVICE_KEY=Xq9tL2vR8mZpW4bN6c',
    ['Xq9tL2vR8mZpW4bN6c'],
  ],
  [
    'az iot hub device-identity output',
    '    "primaryKey": "q3GmAbCdEfGh12345678=",\n    "secondaryKey": "Hk2PAbCdEfGh12345678="',
    ['q3GmAbCdEfGh12345678=', 'Hk2PAbCdEfGh12345678='],
  ],
  [
    'az iot flags --primary-key / --secondary-key',
    'az iot hub device-identity create -d dev1 -n hub --primary-key q3GmAbCdEfGh12345678= --secondary-key Hk2PAbCdEfGh12345678=',
    ['q3GmAbCdEfGh12345678=', 'Hk2PAbCdEfGh12345678='],
  ],
  [
    'az iot dps compute-device-key --key',
    'az iot dps enrollment-group compute-device-key --key q3GmAbCdEfGh12345678= --registration-id dev1',
    ['q3GmAbCdEfGh12345678='],
  ],
  [
    'zigbee-herdsman start-up options networkKey',
    'zigbee-herdsman:controller:log Starting with options {"network":{"panID":6754,"networkKey":[73,220,141,12,5]}}',
    ['73,220,141'],
  ],
  ['Zigbee2MQTT network_key', '  network_key: [73, 220, 141, 12]', ['73, 220']],
  [
    'ZHA network info',
    'NetworkInfo(extended_pan_id=dd:dd, network_key=Key(key=9d:89:57:13:aa), tc_link_key=Key(key=5a:69:67))',
    ['9d:89:57', '5a:69:67'],
  ],
  ['Node-RED _credentialSecret', '{"_credentialSecret":"5d9f0e8a1b2c3d4e"}', ['5d9f0e8a1b2c3d4e']],
  ['SonoffLAN devicekey', '      devicekey: 3f2a9c4e-7b1d-4a5e-9c3f-0123456789ab', ['3f2a9c4e']],
  [
    'Shelly Gen2 Shelly.SetAuth ha1',
    '{"method":"Shelly.SetAuth","params":{"user":"admin","realm":"shellyplus1","ha1":"3a9b0c1d2e3f"}}',
    ['3a9b0c1d2e3f'],
  ],
  [
    'Shelly Gen1 Wi-Fi key in /settings/sta',
    'curl "http://192.168.33.1/settings/sta?enabled=1&ssid=HomeNet&key=W1f1-S3cret!"',
    ['W1f1-S3cret!'],
  ],
  [
    'Adafruit IO key in a #define',
    '#define IO_KEY "aio_XaQb46Q7vxr3vP8Cn4mccSPVdSwr"',
    ['aio_XaQb'],
  ],
  [
    'Adafruit IO key in a header',
    'curl -H "X-AIO-Key: aio_XaQb46Q7vxr3vP8Cn4mccSPVdSwr" https://io.adafruit.com/api/v2/jdoe/feeds',
    ['aio_XaQb'],
  ],
  [
    'Adafruit IO key in a constructor',
    'AdafruitIO_WiFi io("jdoe", "aio_XaQb46Q7vxr3vP8Cn4mccSPVdSwr", "ssid", "pass");',
    ['aio_XaQb'],
  ],
  [
    "tinytuya's devices.json: a field named key",
    '    {\n        "name": "WiFi switch-4CH",\n        "id": "00822444600194feee58",\n        "key": "d37f3c1f34c28ca2",\n        "mac": "60:01:94:fe:ee:58"\n    }',
    ['d37f3c1f34c28ca2'],
  ],
  [
    "tuya-mqtt's devices.conf: key in YAML",
    "  - name: plug\n    id: 86435357d8f15bd0aa9a\n    key: '8b2a69c9876543210'",
    ['8b2a69c9876543210'],
  ],
  [
    'a Zigbee coordinator backup: network and link keys inside objects',
    '{"network_key": {"key": "49dc8dfd170701840ebc9fa87b9bdf9a", "sequence_number": 0}, "link_key": {"key": "5a6967426565416c6c69616e63653039"}}',
    ['49dc8dfd170701840ebc9fa87b9bdf9a', '5a6967426565416c6c69616e63653039'],
  ],
  [
    'ThingSpeak write API key as a topic level',
    "Client mosq-x sending PUBLISH (d0, q0, r0, m1, 'channels/1234567/publish/fields/field1/XGE3HJ0Q2WVS8BNM', ... (2 bytes))",
    ['XGE3HJ0Q2WVS8BNM'],
  ],
  [
    'Kaa endpoint token as a topic level',
    'mosquitto_pub -h mqtt.cloud.kaaiot.com -t kp1/c2t3ac6gul4q7qik0ol0-v1/dcx/JTjdbENzHh/json -m "{}"',
    ['JTjdbENzHh'],
  ],
  [
    'ESP-AT AT+MQTTLONGPASSWORD: the password sent after the > prompt',
    'AT+MQTTLONGPASSWORD=0,16\r\nOK\r\n>\r\nS3cretPassw0rd!!\r\nOK\r\n',
    ['S3cretPassw0rd!!'],
  ],
  [
    'ESP-AT AT+MQTTLONGPASSWORD: the password on the prompt line',
    'AT+MQTTLONGPASSWORD=0,10\n>Xk9fQ2mzP7\nOK',
    ['Xk9fQ2mzP7'],
  ],
  [
    "the derived device key az iot dps compute-device-key prints (Azure's DPS docs)",
    'az iot dps enrollment-group compute-device-key --key "$PK" --registration-id dev-007\n\n"JC8F96eayuQwwz+PkE7IzjH2lIAjCUnAa61tDigBnSs="',
    ['JC8F96eayuQwwz+PkE7IzjH2lIAjCUnAa61tDigBnSs='],
  ],
  [
    'the derived device key in tsv output, after a fence',
    '```\naz iot dps compute-device-key --key "$PK" --registration-id d1 -o tsv\n```\n6uejA9PfkQgmYylj8Zerp3kcbeVrGZ172YLa7VSnJ0A=',
    ['6uejA9PfkQgmYylj8Zerp3kcbeVrGZ172YLa7VSnJ0A='],
  ],
  [
    "tinytuya's snapshot table: the key known by its column",
    [
      'Name                      ID                       IP               Key               Version',
      '',
      'Living Room Light         ebfc16d57ed374932cjqfk   192.168.1.147    805217605357161b  3.3  ',
      'A very long device name t 01234567891234567890                      a|b}c>d=e1f2g3h4  3.4  ',
      '',
      'Done.',
    ].join('\n'),
    ['805217605357161b', 'a|b}c>d=e1f2g3h4'],
  ],
  [
    "TuyaOpen's start-up licence line, uuid then authkey",
    '[01-01 00:00:01 ty D][switch_demo.c:222] uuid uuid5f1a2b3c4d5e6f70, authkey Kq8ZrT2mXw9LpV4nBc7YdF3hJs6GtE1a',
    ['Kq8ZrT2mXw9LpV4nBc7YdF3hJs6GtE1a'],
  ],
];

/** The same products' lines with no secret in them: they stay as they are. */
const KEEP = [
  '\t---> AT+SMCONF="URL","broker.example.com","1883"',
  'AT+CMQTTCONNECT=0,"tcp://test.mosquitto.org:1883",60,1',
  '+CMQTTCONNECT: 0,0',
  '+QMTCONN: 0,0,0',
  '<--Send AT:AT+QMTCFG="SHOWRECVLEN",0,1',
  '<--Send AT:AT+QMTOPEN=0,"broker.example.com",1883',
  'AT+MCONFIG="dev001"',
  'AT+MQTTCONN=0,"broker.example.com",1883,1',
  'AT+UMQTT=2,"broker.example.com",1883',
  'AT+UMQTT=0,"Feather_Lena"',
  'New access token never expires',
  'device.connectSecure(wifiClient, LOSANT_ACCESS_KEY, LOSANT_ACCESS_SECRET);',
  'x = Device("a", "b", "c")',
  '[5098] >[00|00|01|00|C8]',
  '[5031] <[14|00|02|00|09]vw[00]5[00]1',
  'mosquitto_pub -h industrial.api.ubidots.com -t /v1.6/devices/ws -m 1',
  'Local Key not set',
  'PRIMARY KEY (id)',
  'ERROR: duplicate key value violates unique constraint "users_pkey"',
  'network key rotation finished',
  'channels/1234567/subscribe/fields/field1',
  'https://api.example.com/items?key=abc&sort=1',
  'Scanned 12 devices, 3 with a local key',
  '        "key": "",',
  '{"key": "sensor.living_room_temperature"}',
  'key: "homeassistant/status"',
  '"key": "Temperature Sensor One"',
  'AT+MQTTLONGCLIENTID=0,20\n>\nesp32-kitchen-sensor\nOK',
  'az iot dps compute-device-key --registration-id d1\nThe command requires the extension azure-iot.',
  'az iot dps compute-device-key --registration-id d1\n\nZm9vYmFy: not a key',
  'authkey missing, please check the licence',
  'Replace the TUYA_OPENSDK_UUID and TUYA_OPENSDK_AUTHKEY contents, otherwise the demo cannot work.',
  'Name                      ID                       IP               Key               Version\n\n(no devices found)\n\nKey rotation  Version 2',
];

describe('device firmware and device-cloud credentials', () => {
  itHidesEachForm(FORMS, KEEP);

  it('keeps the AT command, its quotes and the arguments that are no secret', () => {
    expect(redactSecrets('AT+MQTTUSERCFG=0,1,"dev001","devuser","Xk9fQ2mzP7",0,0,""')).toBe(
      'AT+MQTTUSERCFG=0,1,"dev001","****","****",0,0,""',
    );
    expect(redactSecrets('<--Send AT:AT+QMTCONN=0,"dev001","devuser","pw"\r\nOK')).toBe(
      '<--Send AT:AT+QMTCONN=0,"dev001","****","****"\r\nOK',
    );
  });

  it('keeps the quote that closes a header given to curl', () => {
    expect(
      redactSecrets(
        'curl -H "Authorization: Bearer 3f1a9c0d2b7e4f6a8c5d1e0b9a7f3c2d" https://api.particle.io/v1/devices',
      ),
    ).toBe('curl -H "Authorization: Bearer ****" https://api.particle.io/v1/devices');
  });

  it('keeps the fields of an object named like a secret, masking only the secrets in it', () => {
    expect(
      redactSecrets('"credentials": {"username": "bob", "password": "hunter22", "port": 8883}'),
    ).toBe('"credentials": {"username": "bob", "password": "****", "port": 8883}');
  });
});
