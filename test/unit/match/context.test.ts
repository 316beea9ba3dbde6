import { hasMqttContext, recognisedProducts } from '../../../src/match/context';

describe('recognisedProducts', () => {
  it('names each product the text names, once, in a fixed order', () => {
    expect(
      recognisedProducts(
        'paho on aws iot core, then mosquitto; paho again and node_modules/mqtt/build/lib/client.js',
      ),
    ).toEqual(['Mosquitto', 'AWS IoT Core', 'Paho', 'MQTT.js']);
    expect(recognisedProducts('a kafka consumer timed out')).toEqual([]);
  });

  it('finds a name that starts inside another one', () => {
    // One pass over the text must not skip what a longer match covered.
    expect(recognisedProducts('built with esp-mqtt.js')).toEqual(['MQTT.js', 'ESP-IDF']);
  });

  it("takes an AWS IoT endpoint for IoT Core, not another AWS service's host", () => {
    expect(
      recognisedProducts('connecting to a1b2c3-ats.iot.eu-central-1.amazonaws.com:8883'),
    ).toEqual(['AWS IoT Core']);
    expect(recognisedProducts('ssl://b-1234.mq.us-east-1.amazonaws.com:8883 refused')).toEqual([]);
  });

  it('knows VerneMQ and ESP-IDF by their log lines, NATS and MQTTnet by name', () => {
    expect(
      recognisedProducts('[warning] <0.2871.0>@vmq_ranch:teardown:138 session stopped abnormally'),
    ).toEqual(['VerneMQ']);
    expect(recognisedProducts('e (4120) mqtt_client: mqtt_connect failed')).toEqual(['ESP-IDF']);
    expect(recognisedProducts('nats-server -c mqtt.conf')).toEqual(['NATS']);
    expect(recognisedProducts('mqttnet.exceptions.mqttcommunicationexception')).toEqual([
      'MQTTnet',
    ]);
    // A Python logger named mqtt_client is not ESP-IDF.
    expect(recognisedProducts('2024-01-01 info mqtt_client: connected')).toEqual([]);
  });

  it('knows EMQX, HiveMQ and RabbitMQ by their log lines when they do not name themselves', () => {
    expect(
      recognisedProducts("[error] supervisor: 'esockd_connection_sup - <0.1356.0>' errorcontext"),
    ).toEqual(['EMQX']);
    expect(recognisedProducts('[warning] emqx_connection:terminate/2 clientid: c1')).toEqual([
      'EMQX',
    ]);
    expect(
      recognisedProducts(
        'client id: pump-12, ip: 10.0.0.5 was disconnected. reason: client was idle for too long.',
      ),
    ).toEqual(['HiveMQ']);
    expect(
      recognisedProducts('<0.900.0> accepting mqtt connection <0.900.0> (10.0.0.5:51234 -> x)'),
    ).toEqual(['RabbitMQ']);
    expect(recognisedProducts('rabbit_mqtt_reader: mqtt detected network error')).toEqual([
      'RabbitMQ',
    ]);
    // "client id: x, ip: y" in another program's words is not HiveMQ's event log.
    expect(recognisedProducts('client id: abc, ip: 10.0.0.5 looked fine')).toEqual([]);
  });

  it('needs whole words', () => {
    expect(recognisedProducts('mosquittos emqxx')).toEqual([]);
  });
});

describe('hasMqttContext', () => {
  it('reads Mosquitto misspelt with one t as Mosquitto', () => {
    expect(hasMqttContext('my mosquito broker drops the esp32')).toBe(true);
    expect(hasMqttContext('mosquito.conf has listener 1883 0.0.0.0')).toBe(true);
    expect(hasMqttContext('a mosquito net for the garden')).toBe(false);
  });

  it("knows Elixir's Tortoise client by its processes, not by the word alone", () => {
    expect(
      hasMqttContext('genserver {tortoise.connection, "car_1"} terminating ** (stop) :nxdomain'),
    ).toBe(true);
    // Tortoise ORM is a Python database library.
    expect(hasMqttContext('tortoise orm: connection refused to postgres')).toBe(false);
  });

  it("counts an AWS IoT Core data endpoint, not another AWS service's host", () => {
    expect(hasMqttContext('address = a23k-ats.iot.us-east-2.amazonaws.com, port = 8883')).toBe(
      true,
    );
    expect(hasMqttContext('b-1234.mq.us-east-1.amazonaws.com timed out')).toBe(false);
  });

  it('reads publish/subscribe words as MQTT only where no other messaging system is named', () => {
    const story = 'the publisher sends a burst and my subscription is closed as a slow consumer';
    expect(hasMqttContext(story)).toBe(true);
    expect(hasMqttContext(`${story} by the nats server`)).toBe(false);
    expect(hasMqttContext(`${story} by the zeromq proxy`)).toBe(false);
    expect(hasMqttContext(`${story}: org.apache.rocketmq.client.exception.MQBrokerException`)).toBe(
      false,
    );
    expect(hasMqttContext(`${story} (com.rabbitmq.client.ShutdownSignalException)`)).toBe(false);
    // NATS's own MQTT listener is named as MQTT.
    expect(hasMqttContext(`${story} on the nats mqtt listener`)).toBe(true);
  });
});
