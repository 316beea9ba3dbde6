import { SecretForm, itHidesEachForm } from '../../helpers/redaction-forms';

/**
 * Credentials in broker and platform configuration, admin commands and their output, as people
 * paste them: an audit read each format at its source (Mosquitto, mosquitto-go-auth, EMQX,
 * RabbitMQ, NATS, VerneMQ, Zigbee2MQTT and others) and wrote each with a made-up secret. These
 * are the forms that leaked before: letters-only values of configuration keys (`remote_password`,
 * `bridge_psk`), Mosquitto 2.1 argon2id and go-auth PBKDF2 hashes, Erlang node cookies, positional
 * passwords of admin commands, a key saved as a YAML block list, Erlang terms of RabbitMQ's classic
 * config, and ThingsBoard's access token as a URL path segment or `credentialsValue`. The
 * look-alikes hold none.
 */
const FORMS: SecretForm[] = [
  [
    'Mosquitto bridge: remote_password, letters-only value',
    'remote_password mqttbridgesecret',
    ['mqttbridgesecret'],
  ],
  [
    'Mosquitto bridge: remote_password quoted, letters-only',
    'remote_password "bridgepass"',
    ['bridgepass'],
  ],
  [
    'Mosquitto bridge: bridge_psk hex with no digits',
    'bridge_identity edge01\nbridge_psk deadbeefcafebabe',
    ['deadbeefcafebabe'],
  ],
  [
    'Mosquitto 2.1 password_file argon2id line',
    'roger:$argon2id$v=19$m=47104,t=1,p=1$c2FsdFhxN0xtMlB6$Yk9mR2tLcFh3TnQ1dlE4',
    ['c2FsdFhxN0xtMlB6', 'Yk9mR2tLcFh3TnQ1dlE4'],
  ],
  [
    'mosquitto_passwd -H <hash> -b',
    'mosquitto_passwd -H sha512-pbkdf2 -b /etc/mosquitto/passwd roger Vb8Nc3Xz6Q',
    ['Vb8Nc3Xz6Q'],
  ],
  [
    'mosquitto_passwd -b -I <iterations>',
    'mosquitto_passwd -b -I 1000 /etc/mosquitto/passwd roger Wd4Rt7Yu1P',
    ['Wd4Rt7Yu1P'],
  ],
  [
    'mosquitto_ctrl dynsec init (admin password positional)',
    'mosquitto_ctrl dynsec init /mosquitto/config/dynamic-security.json admin-user Ad9Mn3Bv6Cx',
    ['Ad9Mn3Bv6Cx'],
  ],
  [
    'mosquitto-go-auth files backend PBKDF2 password line',
    'test1:PBKDF2$sha512$100000$2WQHK5rjNN+oOT+TZAsWAw==$TDf4Y6J+9BdnjucFQ0ZUWlTwzncTjOOeE+8QoewgtQa0PEjOLbCL4WcZqIK4rCoD8XRJtxEw==',
    ['TDf4Y6J+9BdnjucFQ0ZUWlTwzncTjOOeE'],
  ],
  [
    'mosquitto-go-auth argon2id password line',
    'test2:$argon2id$v=19$m=4096,t=3,p=2$c2FsdEdvQXV0aEFyZ29u$aGFzaEdvQXV0aEFyZ29uMg',
    ['c2FsdEdvQXV0aEFyZ29u', 'aGFzaEdvQXV0aEFyZ29uMg'],
  ],
  ['EMQX node.cookie (flat)', 'node.cookie = Ck7Jd3Fs8Lw', ['Ck7Jd3Fs8Lw']],
  [
    'EMQX node { cookie = ... } HOCON block',
    'node {\n  name = "emqx@127.0.0.1"\n  cookie = "Nk8Co0Ki2Ee"\n}',
    ['Nk8Co0Ki2Ee'],
  ],
  ['EMQX_NODE__COOKIE env', 'EMQX_NODE__COOKIE=Ek2Ws5Rd8Tf', ['Ek2Ws5Rd8Tf']],
  [
    'HiveMQ file-rbac password generator command (-p)',
    'java -jar hivemq-file-rbac-extension-4.5.3.jar -p Hg1En2Pw3Rt',
    ['Hg1En2Pw3Rt'],
  ],
  ['VerneMQ distributed_cookie', 'distributed_cookie = Vc6Bn9Mq2Lx', ['Vc6Bn9Mq2Lx']],
  [
    'VerneMQ docker DOCKER_VERNEMQ_DISTRIBUTED_COOKIE',
    'DOCKER_VERNEMQ_DISTRIBUTED_COOKIE=Dc1Oo2Kk3Ie',
    ['Dc1Oo2Kk3Ie'],
  ],
  [
    'RabbitMQ classic config line {default_pass, <<"...">>},',
    '{default_pass, <<"Rb5Dp6Gs7Tq">>},',
    ['Rb5Dp6Gs7Tq'],
  ],
  [
    'rabbitmqctl authenticate_user <user> <password>',
    'rabbitmqctl authenticate_user mqtt-user Au4Sd7Fg0Hj',
    ['Au4Sd7Fg0Hj'],
  ],
  [
    'rabbitmqctl hash_password, letters-only value',
    'rabbitmqctl hash_password mqttsecretword',
    ['mqttsecretword'],
  ],
  [
    'rabbitmqadmin -p <password>',
    'rabbitmqadmin -H 10.0.0.5 -u admin -p Ra7Dm8In9Pw list queues',
    ['Ra7Dm8In9Pw'],
  ],
  ['RABBITMQ_ERLANG_COOKIE env', 'RABBITMQ_ERLANG_COOKIE=Rq4Ty7Ui0Op', ['Rq4Ty7Ui0Op']],
  [
    'compose YAML RABBITMQ_ERLANG_COOKIE',
    '    environment:\n      RABBITMQ_DEFAULT_USER: mqtt\n      RABBITMQ_DEFAULT_PASS: Rp1Dp2Ss3Wd\n      RABBITMQ_ERLANG_COOKIE: Ck9Ra0Bb1Co',
    ['Ck9Ra0Bb1Co'],
  ],
  [
    'rabbitmqctl --erlang-cookie <cookie>',
    'rabbitmqctl --erlang-cookie Sc4Oo5Ki6Ee cluster_status',
    ['Sc4Oo5Ki6Ee'],
  ],
  [
    'erl -setcookie <cookie> -remsh (EMQX/RabbitMQ/VerneMQ debugging)',
    'erl -name debug@127.0.0.1 -setcookie Rc7Oo8Kk9Ee -remsh emqx@127.0.0.1',
    ['Rc7Oo8Kk9Ee'],
  ],
  ['nats-server --auth <token>', 'nats-server --auth Na6Ut8Hx2Qz', ['Na6Ut8Hx2Qz']],
  [
    'Zigbee2MQTT network_key as YAML block list (as Z2M writes it)',
    'advanced:\n  network_key:\n    - 150\n    - 201\n    - 217\n    - 44',
    ['201', '217'],
  ],
  [
    'Zigbee2MQTT network_key block list, full 16 bytes',
    'advanced:\n  channel: 25\n  network_key:\n    - 154\n    - 10\n    - 161\n    - 209\n    - 86\n    - 38\n    - 78\n    - 156\n  pan_id: 6754',
    ['161', '209', '86', '78'],
  ],
  [
    'ThingsBoard HTTP device API token in URL path',
    'curl -v -X POST http://localhost:8080/api/v1/A1TbTok3nXyZ/telemetry --header Content-Type:application/json --data "{temperature:25}"',
    ['A1TbTok3nXyZ'],
  ],
  [
    'ThingsBoard HTTP token in URL (cloud, escaped JSON body)',
    'curl -v -X POST --data "{\\"temperature\\":42}" https://thingsboard.cloud/api/v1/A1TEST7Tk9Qz/telemetry --header "Content-Type:application/json"',
    ['A1TEST7Tk9Qz'],
  ],
  [
    'ThingsBoard CoAP token in URL path',
    'coap-client -m post coap://demo.thingsboard.io/api/v1/C0apTok3nQw/telemetry -t json -e \'{"temperature":25}\'',
    ['C0apTok3nQw'],
  ],
  [
    'ThingsBoard GET /api/device/{id}/credentials → credentialsId',
    '{"id":{"id":"2d1f4a10-0e3c-11ee-9a2b-f1c2d3e4b5a6"},"deviceId":{"entityType":"DEVICE","id":"2c9e1b30-0e3c-11ee-9a2b-f1c2d3e4b5a6"},"credentialsType":"ACCESS_TOKEN","credentialsId":"sLzc0gDAZPkGMzFVTyUY","credentialsValue":null}',
    ['sLzc0gDAZPkGMzFVTyUY'],
  ],
  [
    'ThingsBoard provision response credentialsValue',
    '{"credentialsType":"ACCESS_TOKEN","credentialsValue":"sLzc0gDAZPkGMzFVTyUq","status":"SUCCESS"}',
    ['sLzc0gDAZPkGMzFVTyUq'],
  ],
  [
    'K8s RabbitMQ operator erlang-cookie secret',
    'data:\n  .erlang.cookie: ZXJsYW5nY29va2llWHE3',
    ['ZXJsYW5nY29va2llWHE3'],
  ],
];

const KEEP = [
  'password_file /etc/mosquitto/passwd',
  'auth.mnesia.password_hash = sha256',
  'auth.user.password_hash = md5',
  'password_hash_algorithm {name = sha256, salt_position = suffix}',
  'mqtt:\n  broker: core-mosquitto\n  username: homeassistant\n  password: !secret mqtt_password',
  '<password-type>HASHED</password-type>',
  '"hashing_algorithm": "rabbit_password_hashing_sha256"',
  'authorization: { users: [ { nkey: UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4 } ] }',
  "curl -u 4f33d24d7b8e448d:**** 'http://localhost:18083/api/v5/authentication/password_based%3Abuilt_in_database/users?page=1'",
  'EMQX_AUTHENTICATION__1__MECHANISM=password_based',
  'auth_opt_files_password_path /etc/mosquitto/go-auth/passwords',
  '1702000000: Client sensor01 disconnected, not authorised.',
  '"credentialsType":"ACCESS_TOKEN"',
  'mqttClientId: a1B2c3D4e5F.dev01|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|',
  "2023-05-10 12:00:00.000 [warning] <0.789.0> MQTT login failed for user 'sensor01': invalid credentials",
  'use_identity_as_username true',
  'dashboard.token_expired_time = 60m',
  'authorization { timeout: 2 }',
  'psk_hint broker-hint',
  'mosquitto_passwd -U /etc/mosquitto/passwd',
  '  ext_pan_id:\n    - 221\n    - 221',
  'data:\n  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMrekNDQWVPZ0F3SUJBZ0lK',
  '2023-05-10 12:00:00.000 ERROR (MainThread) [homeassistant.components.mqtt.client] Unable to connect to the MQTT broker: Connection Refused: bad user name or password.',
];

describe('credentials in broker and platform settings and commands', () => {
  itHidesEachForm(FORMS, KEEP);
});
