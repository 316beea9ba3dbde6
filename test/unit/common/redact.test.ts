import { redactSecrets } from '../../../src/common/redact';

/**
 * Forms in which secrets reach us: the input, then every secret that must be gone. The table is
 * the contract of issue 12 ("redaction that holds"): URLs with any characters, env assignments,
 * JSON/YAML/XML keys, client library calls and connection strings, tokens, keys and hashes.
 */
const FORMS: [form: string, input: string, secrets: string[]][] = [
  // URLs
  ['URL password', 'mqtt://alice:s3cret@broker:1883', ['s3cret']],
  ['URL password, percent-encoded', 'wss://u:p%40ss@host/mqtt', ['p%40ss']],
  ['URL password with @', 'mqtts://alice:p@ss@broker.example.com:8883', ['p@ss']],
  ['URL password with /', 'mqtt://alice:Se/cr3tPW@host:99999', ['Se/cr3tPW']],
  ['URL password with : and ?', 'mqtt://bob:a:b?c#d@host', ['a:b?c#d']],
  ['URL password that looks like a port and path', 'mqtt://alice:8/abcdefgh@host', ['8/abcdefgh']],
  ['env value with brackets', 'MQTT_PASSWORD=]ab}cd{ef', [']ab}cd{ef']],
  // A closing bracket ends a value only where the bracketed text ends (found by the fuzz test).
  ['value after an open brace, starting with }', '{  --password=}aaaaaaaa \n', ['}aaaaaaaa']],
  ['closing brace inside a value', '{ password: ab}cdefgh }', ['ab}cdefgh']],
  ['brace that closes the object', '{ password: Obj3ctPw}, next', ['Obj3ctPw']],
  [
    'URL in a log line',
    'Error: connect ECONNREFUSED (url=redis://default:RedisPw1@cache:6379/0)',
    ['RedisPw1'],
  ],
  ['URL inside quotes', 'mqtt.connect("mqtts://dev:Pa55word!@iot.example.com")', ['Pa55word!']],
  // command lines
  ['mosquitto_pub -P', 'mosquitto_pub -h h -u bob -P hunter2 -t t', ['hunter2']],
  ['mosquitto_sub -P quoted', "mosquitto_sub -u bob -P 'two words' -t '#'", ['two words']],
  ['--password value', 'mqtt-why probe --password "two words" x', ['two words']],
  ['--password=value', '--password=abc123 next', ['abc123']],
  ['-pw (Paho samples)', 'java -jar sample.jar -u admin -pw Adm1nPw', ['Adm1nPw']],
  ['--psk', 'mosquitto_pub --psk 1a2b3c4d5e --psk-identity dev1', ['1a2b3c4d5e']],
  [
    'mosquitto_passwd -b',
    'mosquitto_passwd -b /etc/mosquitto/passwd alice Sup3rSecret',
    ['Sup3rSecret'],
  ],
  [
    'IBM Watson IoT token in a connection error',
    'ConnectionException: Not authorized: s (d:org:type:dev1, use-token-auth, Xk9-secretToken_123)',
    ['Xk9-secretToken_123'],
  ],
  [
    'IBM Watson IoT API key token',
    'ConnectionException: Bad username or password: (a-org-k3yab, Ap1T0ken)secret)',
    ['Ap1T0ken', 'secret'],
  ],
  [
    'IBM Watson IoT token after the username',
    "ConnectionException: Bad username or password: (use-token-auth, 'Tok3n&Secret!')",
    ['Tok3n&Secret!'],
  ],
  // env and config files
  ['env MQTT_PASSWORD', 'MQTT_PASSWORD=pw123 node app.js', ['pw123']],
  ['export MQTT_PASS', 'export MQTT_PASS="pw 123"', ['pw 123']],
  [
    'SLACK_SIGNING_SECRET',
    'SLACK_SIGNING_SECRET=8f14e45fceea167a5a36dedd4bea2543',
    ['8f14e45fceea167a5a36dedd4bea2543'],
  ],
  [
    'aws_secret_access_key',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ],
  [
    'YAML password',
    'brokers:\n  - name: a\n    password: my secret phrase\n',
    ['my secret phrase'],
  ],
  ['INI password', '[mqtt]\npassword = two words here', ['two words here']],
  ['properties', 'mqtt.password=Pr0pPw', ['Pr0pPw']],
  ['query string', 'password=pw123&user=u', ['pw123']],
  ['JSON password', '{"username":"u","password":"pw123"}', ['pw123']],
  ['JSON escaped quote', '{"password":"a\\"b"}', ['a\\"b']],
  ['camelCase key', '{ mqttPassword: "CamelPw1" }', ['CamelPw1']],
  ['userPassword', 'userPassword=UpW0rd', ['UpW0rd']],
  ['XML', '<password>XmlPw1</password>', ['XmlPw1']],
  ['token key', 'token: abcdef123456', ['abcdef123456']],
  ['api key header', 'x-api-key: 0123456789abcdef0123', ['0123456789abcdef0123']],
  ['client_secret', 'client_secret=cs-998877', ['cs-998877']],
  // library calls
  ['paho username_pw_set', 'client.username_pw_set("alice", "PahoPw1")', ['PahoPw1']],
  [
    'paho username_pw_set keyword',
    'client.username_pw_set(username="alice", password="PahoPw2")',
    ['PahoPw2'],
  ],
  ['Paho Java setPassword', 'options.setPassword("JavaPw1".toCharArray());', ['JavaPw1']],
  ['Paho Go SetPassword', 'opts.SetPassword("GoPw1")', ['GoPw1']],
  ['MQTTnet WithCredentials', '.WithCredentials("alice", "NetPw1")', ['NetPw1']],
  [
    'AsyncMqttClient setCredentials',
    'mqttClient.setCredentials("alice", "AsyncPw1");',
    ['AsyncPw1'],
  ],
  [
    'HiveMQ client password()',
    '.simpleAuth().username("u").password("HivePw1".getBytes())',
    ['HivePw1'],
  ],
  ['MQTT.js options', "mqtt.connect(url, { username: 'u', password: 'JsPw1' })", ['JsPw1']],
  ['PubSubClient connect', 'client.connect("esp32-1", "alice", "PscPw1")', ['PscPw1']],
  ['ESP-IDF config', '.credentials.authentication.password = "IdfPw1",', ['IdfPw1']],
  // connection strings and cloud keys
  [
    'Azure IoT Hub connection string',
    'HostName=hub.azure-devices.net;DeviceId=dev1;SharedAccessKey=AbCdEf0123456789abcdef0123456789AbCdEf01234=',
    ['AbCdEf0123456789abcdef0123456789AbCdEf01234='],
  ],
  [
    'Azure SAS token',
    'SharedAccessSignature sr=hub.azure-devices.net%2Fdevices%2Fdev1&sig=Zm9vYmFyYmF6cXV4%3D&se=1700000000',
    ['Zm9vYmFyYmF6cXV4%3D'],
  ],
  ['AWS access key id', 'key AKIAIOSFODNN7EXAMPLE used', ['AKIAIOSFODNN7EXAMPLE']],
  ['AWS key id after =', 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE', ['AKIAIOSFODNN7EXAMPLE']],
  ['Slack token', 'SLACK_BOT_TOKEN=xoxb-1234-5678-abcdef', ['xoxb-1234']],
  ['Slack app token, bare', 'using xapp-1-A0123-456-abcdef now', ['xapp-1-A0123-456-abcdef']],
  [
    'GitHub token',
    'git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/x/y',
    ['ghp_abcdefghijklmnopqrstuvwxyz0123'],
  ],
  [
    'JWT (AWS custom auth, GCP IoT)',
    'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZXYxIn0.c2lnbmF0dXJlMDEyMzQ1 rejected',
    ['eyJzdWIiOiJkZXYxIn0', 'c2lnbmF0dXJlMDEyMzQ1'],
  ],
  ['Bearer', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y', ['eyJhbGci']],
  ['Basic', 'Authorization: Basic YWxpY2U6c2VjcmV0MTIz', ['YWxpY2U6c2VjcmV0MTIz']],
  [
    'private key',
    'before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\nafter',
    ['MIIEpAIBAAKCAQEA'],
  ],
  ['private key, cut off', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg', ['MHcCAQEEIBkg']],
  [
    'mosquitto_passwd hash',
    'alice:$7$101$Wx3LcTqS4+Bk0z4G$OwO/KBp3qZ9PZ5Yd2uY3nGQ9yS7HhVxQ5p2m6Yt+qQ1pC8l9R1N0U4gX2cJ7wK3B==',
    ['Wx3LcTqS4+Bk0z4G', 'OwO/KBp3qZ9PZ5Yd2uY3nGQ9yS7HhVxQ5p2m6Yt'],
  ],
  ['crypt sha-512 hash', 'bob:$6$saltsalt$0123456789abcdefghij', ['0123456789abcdefghij']],
  // A red-team review's finds (2026-12-07): forms that reached a thread, a page or a log.
  [
    'JSON escaped inside a log string',
    'Connection refused: Not authorized {\\"username\\":\\"u\\",\\"password\\":\\"Secr3tPw\\"}',
    ['Secr3tPw'],
  ],
  ['mosquitto.conf remote_password', 'not authorised remote_password Secr3tPw', ['Secr3tPw']],
  ['mosquitto.conf bridge_psk', 'bridge_psk 1a2b3c4d5e6f', ['1a2b3c4d5e6f']],
  ['mosquitto.conf keyfile_password', 'keyfile_password K3yfilePw', ['K3yfilePw']],
  ['set MQTT_PASS', 'set MQTT_PASS Secr3tPw', ['Secr3tPw']],
  ['curl -u user:password', 'refused (curl -u admin:Secr3tPw http://h)', ['Secr3tPw']],
  ['curl --user=user:password', 'curl --user="admin:Secr3tPw" http://h', ['Secr3tPw']],
  [
    'lower-case Authorization header',
    'authorization: basic YWxpY2U6c2VjcmV0MTIz',
    ['YWxpY2U6c2VjcmV0MTIz'],
  ],
  ['lower-case bearer scheme', 'Authorization: bearer abcdefgh12345678', ['abcdefgh12345678']],
  ['MQTT.js debug Buffer', 'password: <Buffer 53 65 63 72 33 74 50 77>', ['53 65 63 72']],
  ['YAML value on the next line', 'mqtt:\n  password:\n    Secr3tPw\n  user: x', ['Secr3tPw']],
  ['YAML block value', 'password: |\n  Secr3tPw\n', ['Secr3tPw']],
  [
    'Kubernetes env name and value',
    'env:\n  - name: MQTT_PASSWORD\n    value: "Secr3tPw"\n',
    ['Secr3tPw'],
  ],
  ['connect with a variable client id', 'client.connect(clientId, "u", "Secr3tPw")', ['Secr3tPw']],
  [
    'Azure storage AccountKey',
    'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abcDEF123456789==;EndpointSuffix=core',
    ['abcDEF123456789=='],
  ],
  ['Slack refresh token', 'token xoxe.xoxp-1-Mi0yLTEyMzQ1Njc4OTA', ['Mi0yLTEyMzQ1Njc4OTA']],
  [
    'Slack webhook URL',
    'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXabcdefgh',
    ['XXXXXXXXabcdefgh'],
  ],
  ['rabbitmqctl add_user', 'rabbitmqctl add_user mqttuser Secr3tPw', ['Secr3tPw']],
  ['full-width colon', 'password：Secr3tPw', ['Secr3tPw']],
  ['redis.conf requirepass', 'requirepass R3disPw9', ['R3disPw9']],
  // A code review's finds in those forms.
  [
    'upper-case header, lower-case scheme',
    'AUTHORIZATION: basic YWxpY2U6c2VjcmV0MTIz',
    ['YWxpY2U6c2VjcmV0MTIz'],
  ],
  [
    'YAML block of several lines',
    'auth:\n  psk: |\n    0123456789abcdef\n    fedcba9876543210\nnext: 1',
    ['0123456789abcdef', 'fedcba9876543210'],
  ],
  [
    'rabbitmqctl with a node flag',
    'rabbitmqctl -n rabbit@node1 add_user mqtt Secr3tPw',
    ['Secr3tPw'],
  ],
  ['escaped quote inside escaped JSON', '{\\"password\\":\\"abc\\\\\\"def\\"}', ['def']],
  ['curl -u quoted with a space', 'curl -u "admin:Secr3t Pw9" http://h', ['Secr3t', 'Pw9']],
  [
    'Kubernetes env as JSON',
    '{\n  "name": "MQTT_PASSWORD",\n  "value": "Secr3tPw"\n}',
    ['Secr3tPw'],
  ],
  ['Kubernetes env, flow form', 'env: [{name: MQTT_PASSWORD, value: "Secr3tPw"}]', ['Secr3tPw']],
  ['Kubernetes env, flow form unquoted', '- {name: MQTT_PASSWORD, value: Secr3tPw}', ['Secr3tPw']],
  ['Slack webhook in capitals', 'HOOKS.SLACK.COM/services/T00/B00/abcdefXYZ', ['abcdefXYZ']],
  ['connect() with an escaped quote', 'client.connect(id, "u", "pa\\"ss9word")', ['ss9word']],
  ['redis-cli -a', 'redis-cli -h cache -p 6379 -a R3disPw9 ping', ['R3disPw9']],
  ['Redis AUTH with Redis named', 'my redis needs\nAUTH R3disPw9', ['R3disPw9']],
  ['Redis AUTH with a user, at the prompt', '127.0.0.1:6379> AUTH default R3disPw9', ['R3disPw9']],
  ['Redis AUTH after redis-cli', 'redis-cli -h cache auth R3disPw9', ['R3disPw9']],
  ['Redis AUTH in a pasted session', 'redis> AUTH R3disPw9\n(error) WRONGPASS', ['R3disPw9']],
  // A red-team review's finds.
  ['Redis HELLO with AUTH', 'HELLO 3 AUTH default R3disPw9', ['R3disPw9']],
  ['Redis prompt, IPv6', '[::1]:6379> AUTH R3disPw9', ['R3disPw9']],
  ['Redis prompt, in a transaction', '127.0.0.1:6379(TX)> AUTH R3disPw9', ['R3disPw9']],
  ['Redis prompt, not connected', 'not connected> AUTH R3disPw9', ['R3disPw9']],
  ['Redis prompt, unix socket', 'redis /tmp/redis.sock> AUTH R3disPw9', ['R3disPw9']],
  ['redis-cli inside docker exec', 'docker exec -it cache redis-cli AUTH R3disPw9', ['R3disPw9']],
  ['redis-cli inside kubectl exec', 'kubectl exec r -- redis-cli AUTH u1 R3disPw9', ['R3disPw9']],
  ['AUTH piped into redis-cli', "echo 'AUTH R3disPw9' | redis-cli", ['R3disPw9']],
  ['AUTH printf into nc', 'printf "AUTH R3disPw9\\r\\n" | nc cache 6379', ['R3disPw9']],
  ['AUTH2 with a user', '127.0.0.1:6379> AUTH2 u1 R3disPw9', ['R3disPw9']],
  ['AUTH with a comment', '> AUTH R3disPw9 # prod', ['R3disPw9']],
  ['AUTH with a quoted password', '127.0.0.1:6379> AUTH "my R3dis Pw9"', ['R3dis', 'Pw9']],
  ['AUTH with a long password', `127.0.0.1:6379> AUTH ${'R3dis'.repeat(80)}`, ['R3disR3dis']],
  // A review's finds: forms that came back in answers.
  [
    'mosquitto_passwd -b followed by more text',
    'mosquitto_passwd -b /etc/mosquitto/passwd admin S3cr3tPW; Connection refused: Not authorized',
    ['S3cr3tPW'],
  ],
  ['user:password@host with no scheme', 'admin:hunter2@broker:1883 refused', ['hunter2']],
  [
    '"password" then the value',
    'Connection refused: not authorized, password hunter2',
    ['hunter2'],
  ],
  ['"passwd" then the value', 'passwd Xy7-zz9q for user dev', ['Xy7-zz9q']],
  ['"pw" then the value', 'Not authorized (user admin, pw S3cr3tPW)', ['S3cr3tPW']],
  ['"secret" then the value', 'not authorised. secret hunter2t', ['hunter2t']],
  ['-P with the value attached', 'mosquitto_sub -u admin -PS3cr3tPW -t x', ['S3cr3tPW']],
  // A value written as a call on a string literal, after a name in the middle of a line.
  [
    "paho.golang's ConnectPassword as []byte",
    'autopaho config: ConnectPassword: []byte("S3cr3tPW"), ConnectUsername: "u"',
    ['S3cr3tPW'],
  ],
  ['bytes() with an encoding', 'cfg: password=bytes("S3cr3tPW", "utf-8")', ['S3cr3tPW']],
  // NATS (whose server speaks MQTT): nkey seeds in a .creds file and as nk prints them.
  [
    'a NATS .creds file',
    '-----BEGIN USER NKEY SEED-----\nSUACSSL3UAHUDXKFSNVUZRF5UHPMWZ6BFDTJ7M6USDXIEDNPPQYYYCU3VY\n------END USER NKEY SEED------',
    ['SUACSSL3UAHUDXKFSNVUZRF5UHPMWZ6BFDTJ7M6USDXIEDNPPQYYYCU3VY'],
  ],
  [
    'an account seed and its public key as nk -gen account -pubout prints them',
    '$ nk -gen account -pubout\nSAAJNQZ5QGB4LHZ7YAVJDM6X2TYGVI4XBOFIXOIVSOWGXRBHPWQZ2LIMIE\nADXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4',
    ['SAAJNQZ5QGB4LHZ7YAVJDM6X2TYGVI4XBOFIXOIVSOWGXRBHPWQZ2LIMIE'],
  ],
  // The owner run together with the word, in lower case (OpenMQTTGateway's settings, sketches).
  [
    'mqttpass in JSON',
    '{"mqtt_server":"10.0.0.2","mqtt_user":"u","mqttpass":"S3cr3tPW"}',
    ['S3cr3tPW'],
  ],
  ['mqttpassword', 'mqttpassword=S3cr3tPW', ['S3cr3tPW']],
  ['pswd', 'mqtt_pswd: S3cr3tPW', ['S3cr3tPW']],
];

/** Text that carries no secret and must come out unchanged (diagnosis depends on it). */
const KEEP = [
  '1700000000: Client sensor-1 disconnected, not authorised.',
  'Connection Refused: bad user name or password.',
  'password_file /etc/mosquitto/passwd',
  'keyfile /etc/mosquitto/certs/server.key',
  'HostName=hub.azure-devices.net;SharedAccessKeyName=iothubowner',
  'the secret to a stable fleet is unique client ids',
  'passed 3 tests; bypass=true; compass heading',
  'mqtt://broker.example.com:1883/topic',
  'client.username_pw_set("alice", None)',
  'OpenSSL Error[0]: certificate signature failure',
  'signal=SIGTERM tokenizer=basic',
  'password=getenv("MQTT_PASSWORD") from the environment',
  'SUBACK received, SUAVE SAAS SOAP',
  'nkey: UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4',
  'bypass=true compass=north',
  'password authentication failed for user dev',
  'wrong password file; the password is not accepted',
  'mailto:ops@example.com',
  'mosquitto_passwd -c /etc/mosquitto/passwd alice',
  'Connection refused: bad user name or password',
  // Near the forms the red-team review added, and not secrets.
  'basic auth failed for user x',
  'the token expired yesterday',
  'client.connect("broker.hivemq.com", 1883, 60)',
  '- name: MQTT_HOST\n  value: broker.local',
  'mqtt:\n  host: broker\n  port: 1883',
  'mosquitto_sub -u sensor -t "#"',
  'remote_password file missing',
  'see xoxo.greeting',
  'docker run -u 1000:1000 img',
  'AUTH failed',
  '1700000000: Received AUTH from sensor-1 (rc 0x18)',
  'MQTT 5 AUTH packet with method SCRAM-SHA-1 from sensor-1',
  // Questions a red-team review found masked: MQTT 5's AUTH packet, not Redis.
  'auth denied',
  'auth timeout',
  'AUTH Not authorized',
  'AUTH 0x87',
  'AUTH SCRAM-SHA-256',
  'Auth failed.',
  'AUTH Continue authentication',
  'redis and mosquitto in one compose file\nAUTH failed.',
];

// Inputs on which a pass once took a mask for a password on the second run.
const TWICE = [
  'MQTT_PASSWORD password:A',
  'password hooks.slack.com/services/A',
  'remote_password <password> ',
  '- name: MQTT_PASSWORD password:A',
];

describe('redactSecrets', () => {
  it('covers at least 40 forms', () => expect(FORMS.length).toBeGreaterThanOrEqual(40));

  it.each(FORMS)('hides the secret in %s', (_form, input, secrets) => {
    const out = redactSecrets(input);
    for (const secret of secrets) expect(out).not.toContain(secret);
    expect(out).toMatch(/\*\*\*\*|\[private key removed\]/);
    expect(redactSecrets(out)).toBe(out);
  });

  it.each(KEEP)('leaves %s alone', (line) => expect(redactSecrets(line)).toBe(line));

  it.each(TWICE)('is idempotent on %s', (line) => {
    const once = redactSecrets(line);
    expect(redactSecrets(once)).toBe(once);
  });

  it('keeps what surrounds a secret', () => {
    expect(redactSecrets('mqtt://alice:s3cret@broker:1883')).toBe('mqtt://alice:****@broker:1883');
    expect(redactSecrets('mosquitto_pub -h h -u bob -P hunter2 -t t')).toBe(
      'mosquitto_pub -h h -u bob -P **** -t t',
    );
    expect(redactSecrets('{"username":"u","password":"pw123"}')).toBe(
      '{"username":"u","password":"****"}',
    );
    expect(redactSecrets('password=pw123&user=u')).toBe('password=****&user=u');
    expect(redactSecrets('client.username_pw_set("alice", "PahoPw1")')).toBe(
      'client.username_pw_set("alice", "****")',
    );
    expect(
      redactSecrets(
        'before\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\nafter',
      ),
    ).toBe('before\n[private key removed]\nafter');
    expect(
      redactSecrets(
        'mosquitto_passwd -b /etc/mosquitto/passwd admin S3cr3tPW; Connection refused: Not authorized',
      ),
    ).toBe(
      'mosquitto_passwd -b /etc/mosquitto/passwd admin ****; Connection refused: Not authorized',
    );
  });

  it('keeps every line break when asked, so lines keep their numbers', () => {
    const text =
      'a\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\nabc\n-----END RSA PRIVATE KEY-----\nrc=5';
    const out = redactSecrets(text, { keepLines: true });
    expect(out.split('\n')).toHaveLength(text.split('\n').length);
    expect(out).not.toContain('MIIE');
    expect(out.split('\n')[5]).toBe('rc=5');
  });
});
