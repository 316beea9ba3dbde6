import { SecretForm, itHidesEachForm } from '../../helpers/redaction-forms';

/**
 * Credentials in client code and client settings as people paste them, one per MQTT client library
 * and language: an audit read each library's credential API at its source or in its docs and
 * wrote each form with a made-up secret. These are the forms that leaked before (positional
 * connect arguments, calls wrapped over lines, typed declarations, subscripts and C arrays,
 * prefixed literals, names and values passed as a pair, aligned #defines), and the look-alikes
 * that were masked although they hold no secret (an environment read, a call result, a type).
 */
const FORMS: SecretForm[] = [
  ['Go paho.mqtt.golang: go-setpassword-raw', 'opts.SetPassword(`Cm7Jg4Yw5K`)', ['Cm7Jg4Yw5K']],
  [
    'Go paho.mqtt.golang: go-setpassword-ml',
    'opts.SetPassword(\n\t"Fd7Ah4Kf8M",\n)',
    ['Fd7Ah4Kf8M'],
  ],
  ['Go: go-var-typed', 'var mqttPassword string = "My3Mx6Aq7K"', ['My3Mx6Aq7K']],
  [
    'Rust rumqttc: rs-rumqttc-ml',
    'mqttoptions.set_credentials(\n    "sensor",\n    "Jj3Hc6Zs6W",\n);',
    ['Jj3Hc6Zs6W'],
  ],
  ['Rust: rs-let-typed', 'let password: &str = "Gd8Ad5Lj7Q";', ['Gd8Ad5Lj7Q']],
  ['Kotlin: kt-val-typed', 'private val mqttPassword: String = "Uf3Bg4Ln2H"', ['Uf3Bg4Ln2H']],
  [
    'C# MQTTnet v4/v5: cs-mqttnet-withcreds-ml',
    '    .WithCredentials(\n        "sensor",\n        "Zu7Wz7Rd8J")',
    ['Zu7Wz7Rd8J'],
  ],
  [
    'C# M2Mqtt: cs-m2mqtt-connect',
    'byte code = client.Connect(Guid.NewGuid().ToString(), "sensor", "Pp7Bg4Ce2G");',
    ['Pp7Bg4Ce2G'],
  ],
  [
    'C# M2Mqtt: cs-m2mqtt-connect-lit',
    'client.Connect("dotnet-client", "sensor", "Wc5Yb7Rk2D");',
    ['Wc5Yb7Rk2D'],
  ],
  ['C#: cs-prop-init', 'public string MqttPassword { get; set; } = "Jr5Lm7Na6X";', ['Jr5Lm7Na6X']],
  [
    'Python paho-mqtt: py-username-pw-set-ml',
    'client.username_pw_set(\n    "sensor",\n    "Kv9Mj5Vo9Z",\n)',
    ['Kv9Mj5Vo9Z'],
  ],
  [
    'Python aiomqtt: py-fstring',
    'async with aiomqtt.Client("broker.local", username="sensor", password=f"Vv5Up2Yd2J-{device_id}") as client:',
    ['Vv5Up2Yd2J'],
  ],
  [
    'MicroPython umqtt.simple: mpy-umqtt-positional',
    'client = MQTTClient("esp32-01", "192.168.1.10", 1883, "sensor", "Vd6Kx6Fw4X")',
    ['Vd6Kx6Fw4X'],
  ],
  [
    'MicroPython umqtt.simple: mpy-umqtt-bytes-kw',
    'c = MQTTClient(b"esp32", b"broker.local", user=b"sensor", password=b"Ei9Js3Gq6K")',
    ['Ei9Js3Gq6K'],
  ],
  [
    'MicroPython umqtt.simple: mpy-umqtt-bytes-pos',
    'c = MQTTClient(b"esp32", b"broker.local", 0, b"sensor", b"Lk4Fy7Hc7W")',
    ['Lk4Fy7Hc7W'],
  ],
  [
    'TS MQTT.js wrapper: ts-class-prop',
    "  private readonly password: string = 'Ui4Ji5Wc9F';",
    ['Ui4Ji5Wc9F'],
  ],
  [
    'C Paho embedded MQTTPacket: c-paho-embedded',
    'data.password.cstring = "Co5Dj7Af5F";',
    ['Co5Dj7Af5F'],
  ],
  [
    'C++ Paho embedded MQTTClient: c-paho-embedded-cast',
    'connectData.password.cstring = (char*)"Ms6Eg6Pn4G";',
    ['Ms6Eg6Pn4G'],
  ],
  [
    'Arduino PubSubClient (pointer): ino-pubsub-arrow',
    'if (mqttClient->connect("esp32", "sensor", "Lf7Aa2Bp5T")) {',
    ['Lf7Aa2Bp5T'],
  ],
  [
    'Arduino PubSubClient: ino-pubsub-ml',
    'if (client.connect(\n      clientId.c_str(),\n      "sensor",\n      "Wn7Fb7Dh2V")) {',
    ['Wn7Fb7Dh2V'],
  ],
  ['Arduino / C: ino-char-array', 'const char mqtt_password[] = "Yg2Ah9Le5Q";', ['Yg2Ah9Le5Q']],
  [
    'Arduino (WiFiManager examples): ino-char-array-sized',
    'char mqtt_pass[40] = "Wk9Ko4Dk5B";',
    ['Wk9Ko4Dk5B'],
  ],
  ['Arduino: ino-progmem', 'const char MQTT_PASS[] PROGMEM = "Rx4Nz5Gt3P";', ['Rx4Nz5Gt3P']],
  ['Arduino / C: ino-strcpy', 'strcpy(mqtt_password, "Jr3Rw3Eb5G");', ['Jr3Rw3Eb5G']],
  [
    'Arduino Adafruit_MQTT: ino-adafruit-mqtt',
    'Adafruit_MQTT_Client mqtt(&client, "broker.local", 1883, "sensor", "Ug7Pe2Gn2X");',
    ['Ug7Pe2Gn2X'],
  ],
  [
    'C++ Paho C++: cpp-paho-ctor',
    'mqtt::connect_options connOpts("sensor", "Fw2Bx7Kg9U");',
    ['Fw2Bx7Kg9U'],
  ],
  [
    'Dart mqtt_client: dart-connect',
    "await client.connect('sensor', 'Mf4Wr6Mk7U');",
    ['Mf4Wr6Mk7U'],
  ],
  [
    'Dart mqtt_client: dart-authenticateAs',
    "final connMess = MqttConnectMessage().withClientIdentifier('flutter-1').authenticateAs('sensor', 'Po5By4Ey6E').startClean();",
    ['Po5By4Ey6E'],
  ],
  [
    'Swift CocoaMQTT wrapper: swift-var-typed',
    '    var password: String = "Pu4Gc4Xn3A"',
    ['Pu4Gc4Xn3A'],
  ],
  [
    'Elixir emqtt: ex-emqtt-sigil',
    '{:ok, pid} = :emqtt.start_link(host: ~c"broker.local", port: 1883, username: "sensor", password: ~c"Xp7Ke8Lq7F")',
    ['Xp7Ke8Lq7F'],
  ],
  [
    'Erlang emqtt: erl-emqtt-binary',
    '{ok, ConnPid} = emqtt:start_link([{host, "broker.local"}, {clientid, <<"sensor-1">>}, {username, <<"sensor">>}, {password, <<"Cc3Wj8Ay5K">>}]).',
    ['Cc3Wj8Ay5K'],
  ],
  [
    'Erlang emqtt: erl-emqtt-string',
    '{ok, C} = emqtt:start_link([{host, "broker.local"}, {username, "sensor"}, {password, "Ao2Jb3Pz7G"}]).',
    ['Ao2Jb3Pz7G'],
  ],
  [
    'PHP bluerhinos/phpMQTT: php-phpmqtt-connect',
    "if ($mqtt->connect(true, NULL, 'sensor', 'Gt5Nw6Uj3C')) {",
    ['Gt5Nw6Uj3C'],
  ],
  [
    'Lua NodeMCU mqtt: lua-nodemcu',
    'm = mqtt.Client("clientid", 120, "sensor", "Nc5Em7Zp4G")',
    ['Nc5Em7Zp4G'],
  ],
  [
    'Tasmota HTTP command API: tasmota-http-cm',
    'curl "http://192.168.1.50/cm?cmnd=MqttPassword%20Vi2Ng9Yt6C"',
    ['Vi2Ng9Yt6C'],
  ],
  [
    'Tasmota over MQTT: tasmota-mqtt-topic',
    'mosquitto_pub -h broker.local -t cmnd/tasmota_5E1A2B/MqttPassword -m "Bb2Ck8Cr2Q"',
    ['Bb2Ck8Cr2Q'],
  ],
  [
    'Tasmota user_config_override.h: tasmota-define',
    '#define MQTT_PASS              "Yv7Ag5Ys8G"',
    ['Yv7Ag5Ys8G'],
  ],
  ['Go paho.mqtt.golang: go-escaped-quote', 'opts.SetPassword("Ab3\\"Cd4Ef5Gh")', ['Cd4Ef5Gh']],
  [
    'Python aiomqtt: py-getenv-kwarg',
    'async with aiomqtt.Client("broker.local", username="sensor", password=os.getenv("MQTT_PASSWORD", "Tf8As7Wj5P")) as client:',
    ['Tf8As7Wj5P'],
  ],
  [
    'Python paho-mqtt (publish.single auth): py-getenv-dict',
    'auth = {"username": "sensor", "password": os.getenv("MQTT_PASSWORD", "Wx7Uj5Ta3T")}',
    ['Wx7Uj5Ta3T'],
  ],
  [
    'Go paho.golang/autopaho: go-getenv-midline',
    'cliCfg := autopaho.ClientConfig{ConnectUsername: "sensor", ConnectPassword: []byte(getEnv("MQTT_PASSWORD", "Uh8Uv5Ff9E"))}',
    ['Uh8Uv5Ff9E'],
  ],
  [
    'Python: py-fstring-assign',
    'mqtt_client.username_pw_set(username, password=f"Yt4Un4Ah2L{suffix}")',
    ['Yt4Un4Ah2L'],
  ],
  [
    'MicroPython umqtt: py-bytes-midline',
    'cfg = {"server": b"broker.local", "user": b"sensor", "password": b"Lb7Qq4Wx9V"}',
    ['Lb7Qq4Wx9V'],
  ],
  [
    'Arduino / C (aligned #define): c-define-aligned',
    '#define MQTT_PASSWORD          "Ts6Kp5Qg6R"',
    ['Ts6Kp5Qg6R'],
  ],
  [
    'Arduino / C (aligned #define): c-define-9sp',
    '#define MQTT_PASSWORD         "Aa3Gh7Hd7P"',
    ['Aa3Gh7Hd7P'],
  ],
  [
    'Tasmota HTTP command API: tasmota-http-backlog',
    'http://192.168.1.50/cm?cmnd=Backlog%20MqttUser%20sensor%3B%20MqttPassword%20Lg4Yg6Ni8J',
    ['Lg4Yg6Ni8J'],
  ],
  [
    'C# M2Mqtt: cs-m2mqtt-connect-full',
    'client.Connect(clientId, "sensor", "Za8Jr2Qj4F", false, 60);',
    ['Za8Jr2Qj4F'],
  ],
  [
    'Dart mqtt_client: dart-connect-var-user',
    "final status = await client.connect(username, 'Du4Ny4Yi5R');",
    ['Du4Ny4Yi5R'],
  ],
  [
    'MicroPython mqtt_as / Python: py-subscript',
    "config['password'] = 'Dt5Jh7Dc3B'",
    ['Dt5Jh7Dc3B'],
  ],
  ['Python: py-environ-set', 'os.environ["MQTT_PASSWORD"] = "Dv8Kj2Xj3R"', ['Dv8Kj2Xj3R']],
  ['PHP php-mqtt: php-subscript', "$config['password'] = 'Cw4Fu4Bt9A';", ['Cw4Fu4Bt9A']],
  ['Lua NodeMCU: lua-subscript', 'config["mqtt_pass"] = "Pg6Jx5Pa5X"', ['Pg6Jx5Pa5X']],
  [
    'Java Paho / Spring properties: java-props-setproperty',
    'props.setProperty("mqtt.password", "Yb3Dd3Gz7A");',
    ['Yb3Dd3Gz7A'],
  ],
  ['Java: java-props-put', 'props.put("password", "Es7Xu2Vz5U");', ['Es7Xu2Vz5U']],
  ['Python: py-configparser-set', 'config.set("mqtt", "password", "Ty7Ch4Xm3Z")', ['Ty7Ch4Xm3Z']],
  [
    'C#: cs-dict-init',
    'var settings = new Dictionary<string, string> { { "username", "sensor" }, { "password", "Fd8Zt9Jm4A" } };',
    ['Fd8Zt9Jm4A'],
  ],
  ['JS: js-obj-computed', "options['password'] = 'Aw2Mj4Dj7W';", ['Aw2Mj4Dj7W']],
  ['Go: go-map', 'cfg["password"] = "Qy3Rt6Yo9G"', ['Qy3Rt6Yo9G']],
  [
    'TS: ts-ctor-param-default',
    "constructor(private host = 'broker.local', private password: string = 'Zv9Cg5Jj6T') {}",
    ['Zv9Cg5Jj6T'],
  ],
  [
    'Arduino PubSubClient (pointer): ino-mqtt-arrow2',
    'mqtt->connect(clientId.c_str(), "sensor", "Yo4Yi2Ru6D");',
    ['Yo4Yi2Ru6D'],
  ],
  [
    'Tasmota my_user_config.h: tasmota-define-exact',
    '#define MQTT_PASS              "Pk2Gm4Gu9Y"       // [MqttPassword] MQTT password',
    ['Pk2Gm4Gu9Y'],
  ],
  [
    'Tasmota web UI (Configure MQTT form): tasmota-web-form',
    'http://192.168.1.50/mq?mh=192.168.1.10&ml=1883&mc=DVES_%2506X&mu=sensor&mp=Eh7Ej9Ps9U&mt=tasmota_5E1A2B&save=',
    ['Eh7Ej9Ps9U'],
  ],
  [
    'Dart mqtt_client: dart-connect-ml',
    "await client.connect(\n  'sensor',\n  'Qg9Wa2Nw6L',\n);",
    ['Qg9Wa2Nw6L'],
  ],
  [
    'Erlang/Elixir emqtt (map options): erl-emqtt-map',
    '{ok, C} = emqtt:start_link(#{host => "broker.local", username => <<"sensor">>, password => <<"Ng6Yx8Er7W">>}).',
    ['Ng6Yx8Er7W'],
  ],
  ['MicroPython mqtt_as: mpy-mqtt-as-wifi', "config['wifi_pw'] = 'Gm6Pn7Vb2U'", ['Gm6Pn7Vb2U']],
];

/** Code that names where a secret is, or holds none: it stays as it is. */
const KEEP = [
  'client.username_pw_set(os.environ["MQTT_USER"], os.environ["MQTT_PASSWORD"])',
  'opts.SetPassword(os.Getenv("MQTT_PASSWORD"))',
  'if token := client.Connect(); token.Wait() && token.Error() != nil {',
  'token := client.Publish(topic, 0, false, text)',
  'IMqttToken token = client.connect(options);',
  'mqtt_password = os.environ["MQTT_PASSWORD"]',
  '  password: !secret mqtt_password',
  'options.setPassword(System.getenv("MQTT_PASSWORD").toCharArray());',
  'const password = process.env.MQTT_PASSWORD;',
  '      password: ${MQTT_PASSWORD}',
  'fun connect(user: String, password: CharArray) {',
];

describe('credentials in client code and settings', () => {
  itHidesEachForm(FORMS, KEEP);
});
