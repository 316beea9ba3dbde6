#!/bin/sh
# Creates the demo user's password file from DEMO_MQTT_PASSWORD, then runs Mosquitto.
set -eu
install -d -o mosquitto /mosquitto/config
cp /etc/mqtt-why/mosquitto.conf /mosquitto/config/mosquitto.conf
mosquitto_passwd -b -c /mosquitto/config/passwd demo "${DEMO_MQTT_PASSWORD:?set DEMO_MQTT_PASSWORD in .env}"
chown mosquitto /mosquitto/config/passwd
chmod 0600 /mosquitto/config/passwd
exec mosquitto -c /mosquitto/config/mosquitto.conf
