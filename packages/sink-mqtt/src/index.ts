// The public face of @exhook/sink-mqtt.
export { MqttSink, type MqttSinkProps, mqttSinkProps, sink } from "./mqtt-sink.js";
